-- AlterTable
ALTER TABLE "poll_option" ADD COLUMN     "votes" INTEGER NOT NULL DEFAULT 0;

-- The option's count moves with each poll_vote row, in the vote's own statement, under the vote
-- row's lock: exact under concurrent votes. A changed vote moves two options; their rows are
-- locked in id order so that two voters crossing over cannot deadlock.
CREATE FUNCTION poll_vote_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE poll_option SET votes = votes + 1 WHERE id = NEW.option_id;
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE poll_option SET votes = votes - 1 WHERE id = OLD.option_id;
  ELSIF NEW.option_id <> OLD.option_id THEN
    IF OLD.option_id < NEW.option_id THEN
      UPDATE poll_option SET votes = votes - 1 WHERE id = OLD.option_id;
      UPDATE poll_option SET votes = votes + 1 WHERE id = NEW.option_id;
    ELSE
      UPDATE poll_option SET votes = votes + 1 WHERE id = NEW.option_id;
      UPDATE poll_option SET votes = votes - 1 WHERE id = OLD.option_id;
    END IF;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER poll_vote_count AFTER INSERT OR DELETE OR UPDATE OF option_id ON poll_vote
  FOR EACH ROW EXECUTE FUNCTION poll_vote_count();

UPDATE poll_option SET votes = v.n
  FROM (SELECT option_id, count(*)::int AS n FROM poll_vote GROUP BY option_id) v
  WHERE poll_option.id = v.option_id;
