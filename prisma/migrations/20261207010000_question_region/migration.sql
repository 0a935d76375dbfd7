-- Ask a specialist, addressed to a region (#16 point 1): the region of the ADDRESSEES (as their
-- verified credentials spell it, free text), never the asker's. Only with a country. The
-- specialists' regions are not stored on the pseudonymous side: the API finds the region's
-- pseudonyms from the credentials by their keys, in memory (docs/ask-a-specialist.md).

-- AlterTable
ALTER TABLE "thread_question" ADD COLUMN "region" VARCHAR(100);

-- Enforced by a trigger rather than a CHECK constraint (prisma/README.md).
CREATE FUNCTION thread_question_region_valid() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.region IS NOT NULL AND (NEW.country IS NULL OR length(btrim(NEW.region)) = 0) THEN
    RAISE EXCEPTION 'thread_question: a region needs a country and may not be blank' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER thread_question_region_valid BEFORE INSERT OR UPDATE ON thread_question
  FOR EACH ROW EXECUTE FUNCTION thread_question_region_valid();
