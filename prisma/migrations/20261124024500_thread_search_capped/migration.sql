-- Hand-written (invisible to Prisma). PostgreSQL caps a tsvector at 1 MB: a long thread with a
-- large vocabulary would make every new reply, and every moderation decision on it, fail with
-- "string is too long for tsvector". Past the cap a thread's document stops growing instead: what
-- it already holds (the title and opening post first) stays searchable.
CREATE FUNCTION tsvector_concat_capped(a tsvector, b tsvector) RETURNS tsvector
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
  RETURN a || b;
EXCEPTION WHEN program_limit_exceeded THEN
  RETURN a;
END
$$;

CREATE OR REPLACE AGGREGATE tsvector_agg(tsvector) (SFUNC = tsvector_concat_capped, STYPE = tsvector, INITCOND = '');

CREATE OR REPLACE FUNCTION thread_search_refresh(p_threads uuid[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO thread_search (thread_id, search)
  SELECT o.id, CASE WHEN o.hidden THEN NULL ELSE tsvector_concat_capped(coalesce(o.search, ''), coalesce((
      SELECT tsvector_agg(setweight(r.search, 'C') ORDER BY r.created_at, r.id)
      FROM post r WHERE r.thread_id = o.id AND r.opening_of IS NULL AND NOT r.hidden), '')) END
  FROM post o WHERE o.opening_of = ANY (p_threads)
  ON CONFLICT (thread_id) DO UPDATE SET search = EXCLUDED.search;
$$;

CREATE OR REPLACE FUNCTION thread_search_posts_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO thread_search (thread_id, search)
    SELECT n.id, CASE WHEN n.hidden THEN NULL ELSE coalesce(n.search, '') END
    FROM new_posts n WHERE n.opening_of IS NOT NULL
    ON CONFLICT (thread_id) DO UPDATE SET search = EXCLUDED.search;
  UPDATE thread_search s SET search = tsvector_concat_capped(s.search, a.search)
    FROM (SELECT n.thread_id, tsvector_agg(setweight(n.search, 'C') ORDER BY n.created_at, n.id) AS search
          FROM new_posts n WHERE n.opening_of IS NULL AND NOT n.hidden AND n.search IS NOT NULL GROUP BY n.thread_id) a
    WHERE s.thread_id = a.thread_id AND s.search IS NOT NULL;
  RETURN NULL;
END
$$;
