-- The paginated lists (transparencyPage, surveysForReviewPage, mySurveysPage, ordersPage,
-- myHonorariaPage) read one page by index in their sort order, (sort value, id) for the cursor's
-- tie-break: before this, transparency sorted every CLOSED survey on a column with no index.

-- DropIndex
DROP INDEX "survey_organization_id_created_at_idx";
DROP INDEX "honorarium_entry_account_id_created_at_idx";
DROP INDEX "report_order_organization_id_created_at_idx";

-- CreateIndex
CREATE INDEX "survey_organization_id_created_at_id_idx" ON "survey"("organization_id", "created_at", "id");
CREATE INDEX "survey_status_closed_at_id_idx" ON "survey"("status", "closed_at", "id");
CREATE INDEX "survey_status_submitted_at_id_idx" ON "survey"("status", "submitted_at", "id");
CREATE INDEX "honorarium_entry_account_id_created_at_id_idx" ON "honorarium_entry"("account_id", "created_at", "id");
CREATE INDEX "report_order_organization_id_created_at_id_idx" ON "report_order"("organization_id", "created_at", "id");
CREATE INDEX "report_order_created_at_id_idx" ON "report_order"("created_at", "id");
