-- CreateTable
CREATE TABLE "post_report_summary" (
    "post_id" UUID NOT NULL,
    "open" BOOLEAN NOT NULL,
    "open_count" INTEGER NOT NULL,
    "report_count" INTEGER NOT NULL,
    "last_reported_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "post_report_summary_pkey" PRIMARY KEY ("post_id")
);

-- CreateIndex
CREATE INDEX "post_report_summary_open_last_reported_at_post_id_idx" ON "post_report_summary"("open", "last_reported_at", "post_id");

-- Each report written, resolved or deleted (a post's or a pseudonym's cascade) moves its post's
-- row in the report's own statement, by delta under the row's lock, so that concurrent reports
-- of one post both count (a recount from the statement's snapshot could miss the other). The
-- row goes when the post's last report goes; it carries no reporter.
CREATE FUNCTION post_report_summary() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    UPDATE post_report_summary s
    SET open_count = s.open_count - (NOT OLD.resolved)::int, open = s.open_count - (NOT OLD.resolved)::int > 0, report_count = s.report_count - 1
    WHERE s.post_id = OLD.post_id;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO post_report_summary AS s (post_id, open, open_count, report_count, last_reported_at)
    VALUES (NEW.post_id, NOT NEW.resolved, (NOT NEW.resolved)::int, 1, NEW.created_at)
    ON CONFLICT (post_id) DO UPDATE SET
      open_count = s.open_count + EXCLUDED.open_count, open = s.open_count + EXCLUDED.open_count > 0,
      report_count = s.report_count + 1, last_reported_at = greatest(s.last_reported_at, EXCLUDED.last_reported_at);
  ELSE
    DELETE FROM post_report_summary WHERE post_id = OLD.post_id AND report_count = 0;
    UPDATE post_report_summary SET last_reported_at = (SELECT max(created_at) FROM post_report WHERE post_id = OLD.post_id)
    WHERE post_id = OLD.post_id AND last_reported_at = OLD.created_at;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER post_report_summary AFTER INSERT OR DELETE OR UPDATE OF post_id, resolved, created_at ON post_report
  FOR EACH ROW EXECUTE FUNCTION post_report_summary();

INSERT INTO post_report_summary (post_id, open, open_count, report_count, last_reported_at)
SELECT post_id, bool_or(NOT resolved), count(*) FILTER (WHERE NOT resolved)::int, count(*)::int, max(created_at) FROM post_report GROUP BY post_id;
