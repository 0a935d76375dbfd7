-- CreateEnum
CREATE TYPE "SurveyStatus" AS ENUM ('DRAFT', 'SUBMITTED', 'OPEN', 'CLOSED', 'REJECTED');

-- CreateEnum
CREATE TYPE "QuestionKind" AS ENUM ('SINGLE_CHOICE', 'MULTIPLE_CHOICE', 'LIKERT', 'NUMBER', 'TEXT');

-- CreateTable
CREATE TABLE "survey" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "organization_id" UUID NOT NULL,
    "created_by_id" UUID NOT NULL,
    "title" VARCHAR(200) NOT NULL,
    "description" VARCHAR(5000) NOT NULL,
    "status" "SurveyStatus" NOT NULL DEFAULT 'DRAFT',
    "sample_size" INTEGER NOT NULL,
    "honorarium_cents" INTEGER NOT NULL,
    "closes_at" TIMESTAMPTZ(3),
    "target_specialties" VARCHAR(64)[],
    "target_countries" CHAR(2)[],
    "target_regions" VARCHAR(100)[],
    "min_years_in_practice" INTEGER,
    "review_reason" VARCHAR(1000),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "submitted_at" TIMESTAMPTZ(3),
    "opened_at" TIMESTAMPTZ(3),
    "closed_at" TIMESTAMPTZ(3),
    "tokens_issued" INTEGER NOT NULL DEFAULT 0,
    "response_count" INTEGER NOT NULL DEFAULT 0,
    "receipts_redeemed" INTEGER NOT NULL DEFAULT 0,
    "receipt_public_key" TEXT,
    "receipt_sealed_key" TEXT,

    CONSTRAINT "survey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "survey_question" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "survey_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "kind" "QuestionKind" NOT NULL,
    "prompt" VARCHAR(1000) NOT NULL,
    "min" DOUBLE PRECISION,
    "max" DOUBLE PRECISION,

    CONSTRAINT "survey_question_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "survey_choice" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "question_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "label" VARCHAR(300) NOT NULL,

    CONSTRAINT "survey_choice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "survey_segment_key" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "survey_id" UUID NOT NULL,
    "segment" VARCHAR(120) NOT NULL,
    "public_key" TEXT NOT NULL,
    "sealed_private_key" TEXT NOT NULL,

    CONSTRAINT "survey_segment_key_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "survey_token_issue" (
    "survey_id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "issued_on" DATE NOT NULL,

    CONSTRAINT "survey_token_issue_pkey" PRIMARY KEY ("survey_id","account_id")
);

-- CreateTable
CREATE TABLE "spent_token" (
    "message" BYTEA NOT NULL,
    "survey_id" UUID NOT NULL,

    CONSTRAINT "spent_token_pkey" PRIMARY KEY ("message")
);

-- CreateTable
CREATE TABLE "survey_response" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "survey_id" UUID NOT NULL,
    "segment" VARCHAR(120) NOT NULL,
    "submitted_on" DATE NOT NULL,

    CONSTRAINT "survey_response_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "survey_answer" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "response_id" UUID NOT NULL,
    "question_id" UUID NOT NULL,
    "choice_ids" UUID[],
    "number" DOUBLE PRECISION,
    "text" VARCHAR(2000),

    CONSTRAINT "survey_answer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "spent_receipt" (
    "message" BYTEA NOT NULL,
    "survey_id" UUID NOT NULL,

    CONSTRAINT "spent_receipt_pkey" PRIMARY KEY ("message")
);

-- CreateTable
CREATE TABLE "honorarium_entry" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "account_id" UUID NOT NULL,
    "survey_id" UUID,
    "amount_cents" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "honorarium_entry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "survey_status_closes_at_idx" ON "survey"("status", "closes_at");

-- CreateIndex
CREATE INDEX "survey_organization_id_created_at_idx" ON "survey"("organization_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "survey_question_survey_id_position_key" ON "survey_question"("survey_id", "position");

-- CreateIndex
CREATE UNIQUE INDEX "survey_choice_question_id_position_key" ON "survey_choice"("question_id", "position");

-- CreateIndex
CREATE UNIQUE INDEX "survey_segment_key_survey_id_segment_key" ON "survey_segment_key"("survey_id", "segment");

-- CreateIndex
CREATE INDEX "survey_response_survey_id_segment_idx" ON "survey_response"("survey_id", "segment");

-- CreateIndex
CREATE INDEX "survey_answer_question_id_idx" ON "survey_answer"("question_id");

-- CreateIndex
CREATE INDEX "honorarium_entry_account_id_created_at_idx" ON "honorarium_entry"("account_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "honorarium_entry_account_id_survey_id_key" ON "honorarium_entry"("account_id", "survey_id");

-- AddForeignKey
ALTER TABLE "survey" ADD CONSTRAINT "survey_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "survey" ADD CONSTRAINT "survey_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "survey_question" ADD CONSTRAINT "survey_question_survey_id_fkey" FOREIGN KEY ("survey_id") REFERENCES "survey"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "survey_choice" ADD CONSTRAINT "survey_choice_question_id_fkey" FOREIGN KEY ("question_id") REFERENCES "survey_question"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "survey_segment_key" ADD CONSTRAINT "survey_segment_key_survey_id_fkey" FOREIGN KEY ("survey_id") REFERENCES "survey"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "survey_token_issue" ADD CONSTRAINT "survey_token_issue_survey_id_fkey" FOREIGN KEY ("survey_id") REFERENCES "survey"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "survey_token_issue" ADD CONSTRAINT "survey_token_issue_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "spent_token" ADD CONSTRAINT "spent_token_survey_id_fkey" FOREIGN KEY ("survey_id") REFERENCES "survey"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "survey_response" ADD CONSTRAINT "survey_response_survey_id_fkey" FOREIGN KEY ("survey_id") REFERENCES "survey"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "survey_answer" ADD CONSTRAINT "survey_answer_response_id_fkey" FOREIGN KEY ("response_id") REFERENCES "survey_response"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "survey_answer" ADD CONSTRAINT "survey_answer_question_id_fkey" FOREIGN KEY ("question_id") REFERENCES "survey_question"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "spent_receipt" ADD CONSTRAINT "spent_receipt_survey_id_fkey" FOREIGN KEY ("survey_id") REFERENCES "survey"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "honorarium_entry" ADD CONSTRAINT "honorarium_entry_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "honorarium_entry" ADD CONSTRAINT "honorarium_entry_survey_id_fkey" FOREIGN KEY ("survey_id") REFERENCES "survey"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The honoraria ledger is append-only: a balance is the sum of its entries, never an edit.
CREATE FUNCTION honorarium_entry_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'honorarium_entry is append-only';
END;
$$;

CREATE TRIGGER honorarium_entry_no_update_or_delete
  BEFORE UPDATE OR DELETE ON "honorarium_entry"
  FOR EACH ROW EXECUTE FUNCTION honorarium_entry_is_append_only();

CREATE TRIGGER honorarium_entry_no_truncate
  BEFORE TRUNCATE ON "honorarium_entry"
  FOR EACH STATEMENT EXECUTE FUNCTION honorarium_entry_is_append_only();
