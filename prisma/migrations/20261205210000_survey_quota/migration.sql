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
-- Enforced by a trigger rather than CHECK constraints: Prisma's WebAssembly schema engine, which
-- runs the drift check here, stops on a table with CHECK constraints (prisma/README.md).
CREATE FUNCTION survey_quota_valid() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.specialty IS NULL AND NEW.country IS NULL AND NEW.years_band IS NULL THEN
    RAISE EXCEPTION 'survey_quota: a cell names at least one part' USING ERRCODE = 'check_violation';
  END IF;
  IF NOT (NEW.max_answers > 0 AND NEW.taken >= 0 AND NEW.taken <= NEW.max_answers) THEN
    RAISE EXCEPTION 'survey_quota: taken must stay between 0 and max_answers' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER survey_quota_valid BEFORE INSERT OR UPDATE ON "survey_quota" FOR EACH ROW EXECUTE FUNCTION survey_quota_valid();
