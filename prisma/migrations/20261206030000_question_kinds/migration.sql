-- New question kinds (#17 point 2): MATRIX (several items on one Likert scale), RANKING, and
-- single/multiple choice with an "other (specify)" choice; a question may show its choices in a
-- random order per respondent (the browser shuffles them for display: nothing is stored about it).
-- See docs/reports.md, "Matrix, ranking and other (specify)".

-- AlterEnum
ALTER TYPE "QuestionKind" ADD VALUE 'MATRIX';
ALTER TYPE "QuestionKind" ADD VALUE 'RANKING';

-- CreateEnum
CREATE TYPE "ChoiceRole" AS ENUM ('OPTION', 'OTHER', 'ITEM');

-- AlterTable: a matrix's items are choices with the role ITEM, placed after its scale points (so
-- that an item's answer row, choice_ids = {item, point}, has one bit for each in choice_bits);
-- the "other (specify)" choice is the last choice of its question, with the role OTHER.
ALTER TABLE "survey_choice" ADD COLUMN "role" "ChoiceRole" NOT NULL DEFAULT 'OPTION';

-- AlterTable: RANKING may ask for the top N only (null: every choice); any choice question may
-- have its choices shown in a random order.
ALTER TABLE "survey_question" ADD COLUMN "rank_top" INTEGER,
ADD COLUMN "shuffle_choices" BOOLEAN NOT NULL DEFAULT false;
