-- CreateTable
CREATE TABLE "tag_count" (
    "room" VARCHAR(64) NOT NULL,
    "tag" VARCHAR(32) NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "tag_count_pkey" PRIMARY KEY ("room","tag")
);

-- CreateIndex
CREATE INDEX "tag_count_room_count_tag_idx" ON "tag_count"("room", "count" DESC, "tag");

-- Each thread written, deleted or re-tagged moves its tags' counts in its room and under "" (all
-- rooms), in the thread's own statement. The rows are written in (room, tag) order so that two
-- threads sharing tags cannot deadlock. Counts that fall to 0 stay, and are not listed.
CREATE FUNCTION thread_tag_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO tag_count AS c (room, tag, count)
  SELECT d.room, d.tag, sum(d.n)::int FROM (
    SELECT r AS room, tag, 1 AS n FROM unnest(ARRAY[NEW.room, '']) AS r, unnest(NEW.tags) AS tag WHERE TG_OP <> 'DELETE'
    UNION ALL
    SELECT r, tag, -1 FROM unnest(ARRAY[OLD.room, '']) AS r, unnest(OLD.tags) AS tag WHERE TG_OP <> 'INSERT'
  ) d
  GROUP BY d.room, d.tag HAVING sum(d.n) <> 0 ORDER BY d.room, d.tag
  ON CONFLICT (room, tag) DO UPDATE SET count = c.count + EXCLUDED.count;
  RETURN NULL;
END $$;

CREATE TRIGGER thread_tag_count AFTER INSERT OR DELETE OR UPDATE OF room, tags ON thread
  FOR EACH ROW EXECUTE FUNCTION thread_tag_count();

INSERT INTO tag_count (room, tag, count)
SELECT r, tag, count(*)::int FROM thread, unnest(ARRAY[thread.room, '']) AS r, unnest(thread.tags) AS tag GROUP BY r, tag;
