-- DropIndex
DROP INDEX "post_search_idx";

-- CreateTable
CREATE TABLE "thread_search" (
    "thread_id" UUID NOT NULL,
    "search" tsvector,

    CONSTRAINT "thread_search_pkey" PRIMARY KEY ("thread_id")
);

-- CreateIndex
CREATE INDEX "thread_search_search_idx" ON "thread_search" USING GIN ("search");

-- AddForeignKey
ALTER TABLE "thread_search" ADD CONSTRAINT "thread_search_thread_id_fkey" FOREIGN KEY ("thread_id") REFERENCES "thread"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written (invisible to Prisma): one search document per thread, so that a common word
-- ranks one row per matching thread instead of every matching post (docs/discussion.md).
-- Title weight A and opening post B come from the opening post's own vector (post_search_vector);
-- every visible reply is appended with weight C. NULL while the opening post (the thread) is hidden.
CREATE AGGREGATE tsvector_agg(tsvector) (SFUNC = tsvector_concat, STYPE = tsvector, INITCOND = '');

-- The whole document of some threads, recomputed from their posts (moderation: hide / restore).
CREATE FUNCTION thread_search_refresh(p_threads uuid[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO thread_search (thread_id, search)
  SELECT o.id, CASE WHEN o.hidden THEN NULL ELSE coalesce(o.search, '') || coalesce((
      SELECT tsvector_agg(setweight(r.search, 'C') ORDER BY r.created_at, r.id)
      FROM post r WHERE r.thread_id = o.id AND r.opening_of IS NULL AND NOT r.hidden), '') END
  FROM post o WHERE o.opening_of = ANY (p_threads)
  ON CONFLICT (thread_id) DO UPDATE SET search = EXCLUDED.search;
$$;

-- New posts, per statement (one update per thread, whether the API adds one reply or a bulk
-- INSERT ... SELECT adds thousands): an opening post starts the document, replies are appended.
-- Appending costs the size of the thread's document, not a re-parse of its posts; positions past
-- 16383 are clamped by tsvector_concat, so a long thread's document grows with its vocabulary only.
CREATE FUNCTION thread_search_posts_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO thread_search (thread_id, search)
    SELECT n.id, CASE WHEN n.hidden THEN NULL ELSE coalesce(n.search, '') END
    FROM new_posts n WHERE n.opening_of IS NOT NULL
    ON CONFLICT (thread_id) DO UPDATE SET search = EXCLUDED.search;
  UPDATE thread_search s SET search = s.search || a.search
    FROM (SELECT n.thread_id, tsvector_agg(setweight(n.search, 'C') ORDER BY n.created_at, n.id) AS search
          FROM new_posts n WHERE n.opening_of IS NULL AND NOT n.hidden AND n.search IS NOT NULL GROUP BY n.thread_id) a
    WHERE s.thread_id = a.thread_id AND s.search IS NOT NULL;
  RETURN NULL;
END
$$;
CREATE TRIGGER thread_search_insert AFTER INSERT ON post REFERENCING NEW TABLE AS new_posts
  FOR EACH STATEMENT EXECUTE FUNCTION thread_search_posts_inserted();

-- A post hidden or restored (or its text changed): its thread's document is recomputed.
CREATE FUNCTION thread_search_post_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM thread_search_refresh(ARRAY[NEW.thread_id]);
  RETURN NULL;
END
$$;
CREATE TRIGGER thread_search_update AFTER UPDATE OF hidden, body ON post FOR EACH ROW
  WHEN (OLD.hidden IS DISTINCT FROM NEW.hidden OR OLD.search IS DISTINCT FROM NEW.search)
  EXECUTE FUNCTION thread_search_post_changed();

-- Existing threads.
SELECT thread_search_refresh(array_agg(id)) FROM thread;
