-- AlterTable
ALTER TABLE "survey_response" ADD COLUMN     "settled" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE INDEX "survey_response_settled_idx" ON "survey_response"("settled");
