-- Waves (docs/waves.md): a repeating survey is a series of surveys, one per wave, each with its own
-- tokens, answers, quotas and report. The series holds the schedule only: no account, no answer.
CREATE TYPE "WaveCadence" AS ENUM ('WEEKLY', 'MONTHLY', 'QUARTERLY');
CREATE TYPE "SeriesStatus" AS ENUM ('DRAFT', 'ACTIVE', 'ENDED');

CREATE TABLE "survey_series" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "organization_id" UUID NOT NULL,
    "cadence" "WaveCadence" NOT NULL,
    "wave_limit" INTEGER NOT NULL,
    "wave_count" INTEGER NOT NULL DEFAULT 1,
    "status" "SeriesStatus" NOT NULL DEFAULT 'DRAFT',
    "starts_at" TIMESTAMPTZ(3),
    "next_wave_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "survey_series_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "survey_series_status_next_wave_at_idx" ON "survey_series"("status", "next_wave_at");

ALTER TABLE "survey_series" ADD CONSTRAINT "survey_series_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "survey" ADD COLUMN "series_id" UUID,
ADD COLUMN "wave_number" INTEGER;

CREATE UNIQUE INDEX "survey_series_id_wave_number_key" ON "survey"("series_id", "wave_number");

ALTER TABLE "survey" ADD CONSTRAINT "survey_series_id_fkey" FOREIGN KEY ("series_id") REFERENCES "survey_series"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Enforced by a trigger rather than CHECK constraints (prisma/README.md).
CREATE FUNCTION survey_series_valid() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT (NEW.wave_limit BETWEEN 2 AND 104 AND NEW.wave_count BETWEEN 1 AND NEW.wave_limit) THEN
    RAISE EXCEPTION 'survey_series: 2 to 104 waves, and never more created than the limit' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER survey_series_valid BEFORE INSERT OR UPDATE ON survey_series
  FOR EACH ROW EXECUTE FUNCTION survey_series_valid();

-- The one definition of a wave's length, used by the API (wave 1's schedule) and the worker
-- (the waves after it): wave n opens at starts_at + (n − 1) × wave_period and closes a period later.
CREATE FUNCTION wave_period(cadence "WaveCadence") RETURNS interval LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE cadence WHEN 'WEEKLY' THEN interval '7 days' WHEN 'MONTHLY' THEN interval '1 month' ELSE interval '3 months' END
$$;
