-- CreateTable
CREATE TABLE "survey_place" (
    "survey_id" UUID NOT NULL,
    "shard" SMALLINT NOT NULL,
    "places" INTEGER NOT NULL,
    "taken" INTEGER NOT NULL DEFAULT 0,
    "tokens" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "survey_place_pkey" PRIMARY KEY ("survey_id","shard")
);

-- AddForeignKey
ALTER TABLE "survey_place" ADD CONSTRAINT "survey_place_survey_id_fkey" FOREIGN KEY ("survey_id") REFERENCES "survey"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- An open survey's free places, split over up to 16 rows (shards) so that concurrent answers
-- (and token issues) each lock a different row instead of all queueing on the survey's row.
-- `taken` and `tokens` count what each shard took since the opening; the survey row's
-- response_count and tokens_issued get them when the shard empties (the answer that takes its
-- last place deletes it and adds them, closing the survey when that fills the sample) or when the
-- survey leaves OPEN (below). A row holds counts only: no time, no account, no answer.
CREATE FUNCTION survey_places_open() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  free integer := greatest(NEW.sample_size - NEW.response_count, 0);
  shards integer := least(16, greatest(NEW.sample_size - NEW.response_count, 0));
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.status = 'OPEN' THEN RETURN NULL; END IF;
  INSERT INTO survey_place (survey_id, shard, places)
  SELECT NEW.id, s, free / shards + CASE WHEN s < free % shards THEN 1 ELSE 0 END
  FROM generate_series(0, shards - 1) AS s
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;

CREATE TRIGGER survey_places_open AFTER INSERT OR UPDATE OF status ON survey
  FOR EACH ROW WHEN (NEW.status = 'OPEN') EXECUTE FUNCTION survey_places_open();

-- Leaving OPEN (closed by date, by its client or an admin, or by the answer that filled it):
-- what the remaining shards counted goes to the survey's row, and the shards go.
CREATE FUNCTION survey_places_fold() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  answers integer;
  issued integer;
BEGIN
  WITH gone AS (DELETE FROM survey_place WHERE survey_id = NEW.id RETURNING taken, tokens)
  SELECT coalesce(sum(taken), 0), coalesce(sum(tokens), 0) INTO answers, issued FROM gone;
  NEW.response_count := NEW.response_count + answers;
  NEW.tokens_issued := NEW.tokens_issued + issued;
  RETURN NEW;
END $$;

CREATE TRIGGER survey_places_fold BEFORE UPDATE OF status ON survey
  FOR EACH ROW WHEN (OLD.status = 'OPEN' AND NEW.status <> 'OPEN') EXECUTE FUNCTION survey_places_fold();

-- The surveys open now.
INSERT INTO survey_place (survey_id, shard, places)
SELECT id, s, free / shards + CASE WHEN s < free % shards THEN 1 ELSE 0 END
FROM (SELECT id, greatest(sample_size - response_count, 0) AS free, least(16, greatest(sample_size - response_count, 0)) AS shards FROM survey WHERE status = 'OPEN') AS o,
     generate_series(0, o.shards - 1) AS s;
