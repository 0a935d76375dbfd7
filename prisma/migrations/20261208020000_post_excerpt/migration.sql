-- The opening post's excerpt, kept with the post instead of computed on every read. The feed and
-- search pages show each thread's excerpt: computed in the page's statement it cost PostgreSQL
-- ~0.12 ms of regular expressions per thread, 2.4 ms per page (docs/performance.md, "Reads, fourth
-- pass"). A trigger writes it whenever an opening post's body is written, so no path can forget it.
ALTER TABLE "post" ADD COLUMN "excerpt" TEXT;

-- Hand-written (invisible to Prisma). rules.ts's `excerpt(body, 200)` as JSON text, exactly as
-- JSON.stringify writes it (PostgreSQL's text cannot hold the lone high surrogate JavaScript's cut
-- may leave, JSON text can): the same replacements (JavaScript's \s spelled out: PostgreSQL's
-- depends on the locale) and the same cut in UTF-16 units. fast-path.int.test.ts compares the
-- fast path's pages, which read this column, with normal execution's, which run rules.ts.
CREATE FUNCTION post_excerpt_json(body text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT (SELECT CASE
      WHEN (length(e.s) + length(regexp_replace(e.s, '[^\U00010000-\U0010FFFF]', '', 'g'))) <= 200 THEN to_json(e.s)::text
      WHEN length(e.s) = (length(e.s) + length(regexp_replace(e.s, '[^\U00010000-\U0010FFFF]', '', 'g'))) THEN to_json(rtrim(left(e.s, 199), ' ') || '…')::text
      ELSE (SELECT CASE
        WHEN (length(left(e.s, c.k)) + length(regexp_replace(left(e.s, c.k), '[^\U00010000-\U0010FFFF]', '', 'g'))) = 198 AND substr(e.s, c.k + 1, 1) ~ '[\U00010000-\U0010FFFF]'
          THEN left(to_json(left(e.s, c.k))::text, -1) || '\u' || to_hex(55296 + ((ascii(substr(e.s, c.k + 1, 1)) - 65536) >> 10)) || '…"'
        ELSE to_json(rtrim(left(e.s, c.k), ' ') || '…')::text END
        FROM (SELECT (SELECT max(k) FROM generate_series(0, 199) k WHERE (length(left(e.s, k)) + length(regexp_replace(left(e.s, k), '[^\U00010000-\U0010FFFF]', '', 'g'))) <= 199) AS k) c)
    END FROM (SELECT btrim(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(body,
      '```.*?```', ' ', 'g'), '!\[[^]]*\]\([^)]*\)', ' ', 'g'), '\[([^]]*)\]\([^)]*\)', '\1', 'g'), '<[^>]*>', ' ', 'g'),
      '[*_~`#>|]+', '', 'g'), '[\t\n\u000b\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+', ' ', 'g'), ' ') AS s) e)
$$;

CREATE FUNCTION post_excerpt_written() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.excerpt := CASE WHEN NEW.opening_of IS NULL THEN NULL ELSE post_excerpt_json(NEW.body) END;
  RETURN NEW;
END
$$;

CREATE TRIGGER post_excerpt BEFORE INSERT OR UPDATE OF body, opening_of ON post
  FOR EACH ROW EXECUTE FUNCTION post_excerpt_written();

UPDATE post SET excerpt = post_excerpt_json(body) WHERE opening_of IS NOT NULL;
