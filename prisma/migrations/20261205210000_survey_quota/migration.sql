-- CreateTable
CREATE TABLE "survey_quota" (
    "survey_id" UUID NOT NULL,
    "position" SMALLINT NOT NULL,
    "specialty" VARCHAR(64),
    "country" CHAR(2),
    "years_band" VARCHAR(16),
    "max_answers" INTEGER NOT NULL,
    "taken" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "survey_quota_pkey" PRIMARY KEY ("survey_id","position")
);

-- AddForeignKey
ALTER TABLE "survey_quota" ADD CONSTRAINT "survey_quota_survey_id_fkey" FOREIGN KEY ("survey_id") REFERENCES "survey"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A quota cell: at most max_answers answers whose key label may fall in the cell (a part left
-- NULL means any). `taken` is raised by the answer's own statement, only while below
-- max_answers (see responses.ts): a count, no time, no account, no answer.
ALTER TABLE "survey_quota" ADD CONSTRAINT "survey_quota_cell" CHECK (specialty IS NOT NULL OR country IS NOT NULL OR years_band IS NOT NULL);
ALTER TABLE "survey_quota" ADD CONSTRAINT "survey_quota_counts" CHECK (max_answers > 0 AND taken >= 0 AND taken <= max_answers);
