-- Survey content in French and English (#17 point 3; docs/survey-languages.md). The existing
-- text columns stay the survey's text in its primary language (`language`); the new
-- `*_translation` columns hold the same texts in the other language — all of them (title,
-- every prompt, every choice label; the description when it is not empty) or none, as the API
-- checks on every save. Existing surveys are monolingual, in their author's account language
-- (the language the builder wrote them in); new ones default to French unless the API says.

-- AlterTable
ALTER TABLE "survey" ADD COLUMN "language" "Language" NOT NULL DEFAULT 'fr',
ADD COLUMN "title_translation" VARCHAR(200),
ADD COLUMN "description_translation" VARCHAR(5000);

-- AlterTable
ALTER TABLE "survey_question" ADD COLUMN "prompt_translation" VARCHAR(1000);

-- AlterTable
ALTER TABLE "survey_choice" ADD COLUMN "label_translation" VARCHAR(300);

-- Existing surveys: written in their author's language.
UPDATE "survey" s SET "language" = a."language" FROM "account" a WHERE a."id" = s."created_by_id";
