-- CreateEnum
CREATE TYPE "ReportStatus" AS ENUM ('PENDING', 'READY', 'FAILED');

-- CreateEnum
CREATE TYPE "OrderStatus" AS ENUM ('INVOICED', 'PAID', 'CANCELLED');

-- CreateTable
CREATE TABLE "report" (
    "survey_id" UUID NOT NULL,
    "status" "ReportStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "failure_reason" VARCHAR(500),
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "result" JSONB,
    "respondents" INTEGER NOT NULL DEFAULT 0,
    "k" INTEGER NOT NULL DEFAULT 11,
    "epsilon" DOUBLE PRECISION,
    "generated_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "report_pkey" PRIMARY KEY ("survey_id")
);

-- CreateTable
CREATE TABLE "report_order" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "survey_id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "amount_cents" INTEGER NOT NULL,
    "base_fee_cents" INTEGER NOT NULL,
    "per_respondent_cents" INTEGER NOT NULL,
    "respondents" INTEGER NOT NULL,
    "invoice_number" VARCHAR(32) NOT NULL,
    "status" "OrderStatus" NOT NULL DEFAULT 'INVOICED',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "paid_at" TIMESTAMPTZ(3),
    "paid_by_id" UUID,

    CONSTRAINT "report_order_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "invoice_counter" (
    "year" INTEGER NOT NULL,
    "last" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "invoice_counter_pkey" PRIMARY KEY ("year")
);

-- CreateIndex
CREATE INDEX "report_status_due_at_idx" ON "report"("status", "due_at");

-- CreateIndex
CREATE UNIQUE INDEX "report_order_invoice_number_key" ON "report_order"("invoice_number");

-- CreateIndex
CREATE INDEX "report_order_survey_id_idx" ON "report_order"("survey_id");

-- CreateIndex
CREATE INDEX "report_order_organization_id_created_at_idx" ON "report_order"("organization_id", "created_at");

-- AddForeignKey
ALTER TABLE "report" ADD CONSTRAINT "report_survey_id_fkey" FOREIGN KEY ("survey_id") REFERENCES "survey"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "report_order" ADD CONSTRAINT "report_order_survey_id_fkey" FOREIGN KEY ("survey_id") REFERENCES "survey"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "report_order" ADD CONSTRAINT "report_order_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written: how many (question, choices, number) combinations the answers hold, so that the
-- planner sees that a report's frequency table is small and aggregates it in parallel (without
-- it, it expects a group per answer and sorts a million rows on disk). Invisible to Prisma.
CREATE STATISTICS "survey_answer_groups" (ndistinct) ON "question_id", "choice_ids", "number" FROM "survey_answer";
