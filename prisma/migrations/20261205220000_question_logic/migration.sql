-- Question logic (#17 point 2): when a question is shown, and which later questions an answer
-- skips. Both are a condition as JSON ({"combine": "ALL"|"ANY", "rules": [...]}, see
-- docs/survey-logic.md), written only while the survey is a DRAFT (questions are replaced whole)
-- and naming earlier questions and their choices by position. A hidden question has no
-- survey_answer row: answers keep the same columns, and settle as before.

-- AlterTable
ALTER TABLE "survey_question" ADD COLUMN "show_if" JSONB,
ADD COLUMN "skip_if" JSONB,
ADD COLUMN "skip_to" INTEGER;
