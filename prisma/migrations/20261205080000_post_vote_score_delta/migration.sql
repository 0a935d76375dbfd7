-- A post's score moves by the difference each vote row makes (new − old), in the vote's own
-- statement: the trigger runs under the vote row's lock and `score = score + …` re-reads the
-- post row once its lock is granted, so concurrent votes can no longer lose each other's
-- contribution (a recount from a sub-select sees the snapshot taken before the lock).
CREATE FUNCTION post_vote_score() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE post SET score = score + NEW.value WHERE id = NEW.post_id;
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE post SET score = score - OLD.value WHERE id = OLD.post_id;
  ELSIF NEW.post_id = OLD.post_id THEN
    IF NEW.value <> OLD.value THEN
      UPDATE post SET score = score + NEW.value - OLD.value WHERE id = NEW.post_id;
    END IF;
  ELSE
    UPDATE post SET score = score - OLD.value WHERE id = OLD.post_id;
    UPDATE post SET score = score + NEW.value WHERE id = NEW.post_id;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER post_vote_score AFTER INSERT OR DELETE OR UPDATE OF value, post_id ON post_vote
  FOR EACH ROW EXECUTE FUNCTION post_vote_score();

-- Scores that concurrent votes made drift are set right once.
UPDATE post SET score = v.total
  FROM (SELECT p.id, coalesce(sum(pv.value), 0)::int AS total FROM post p LEFT JOIN post_vote pv ON pv.post_id = p.id GROUP BY p.id) v
  WHERE post.id = v.id AND post.score <> v.total;
