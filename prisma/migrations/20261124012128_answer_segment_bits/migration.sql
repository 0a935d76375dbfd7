-- DropIndex
DROP INDEX "survey_answer_question_id_idx";

-- AlterTable
ALTER TABLE "survey_answer" ADD COLUMN     "choice_bits" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "segment" VARCHAR(120) NOT NULL DEFAULT '';

-- CreateIndex
CREATE INDEX "survey_answer_question_id_number_idx" ON "survey_answer"("question_id", "number");

-- Hand-written (invisible to Prisma): every answer row carries its response's segment and its
-- choices as a bit set, derived here at insert so that no writer (the API, the settle job's
-- rewrite, seeds, tests) can store them wrong. Neither is finer than what survey_response and
-- choice_ids already hold.
CREATE FUNCTION "survey_answer_derive"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."segment" := coalesce((SELECT r."segment" FROM "survey_response" r WHERE r."id" = NEW."response_id"), '');
  NEW."choice_bits" := (
    SELECT coalesce(bit_or(1 << c."position"), 0) FROM "survey_choice" c
    WHERE c."id" = ANY(NEW."choice_ids") AND c."question_id" = NEW."question_id");
  RETURN NEW;
END $$;

CREATE TRIGGER "survey_answer_derive" BEFORE INSERT OR UPDATE OF "response_id", "question_id", "choice_ids", "segment", "choice_bits"
  ON "survey_answer" FOR EACH ROW EXECUTE FUNCTION "survey_answer_derive"();

-- The answers already stored.
UPDATE "survey_answer" SET "response_id" = "response_id";

-- The planner's view of a report's frequency table (question × segment × choices): small, so
-- aggregated by hashing, in parallel. Replaces the statistics on the former grouping keys.
DROP STATISTICS IF EXISTS "survey_answer_groups";
CREATE STATISTICS "survey_answer_groups" (ndistinct) ON "question_id", "segment", "choice_bits" FROM "survey_answer";
