-- Following a peer group, answers to a question, and who takes over a group whose owner's account
-- is deleted (docs/notifications.md, docs/groups.md). A follow of a group holds the group's id as
-- its target, like any other follow: no account id and no date.
ALTER TYPE "FollowTargetKind" ADD VALUE 'GROUP';
-- A reply to a question, as its asker is told of it ("2 new answers to your question").
ALTER TYPE "NotificationKind" ADD VALUE 'ANSWER_TO_QUESTION';

-- A member's rank of arrival in their group (1 for the group's creator), set by trigger on insert:
-- an order within the group, never a time, so that "the longest-standing member" can be found
-- without a join date beside a pseudonym. Two joins at the same instant may share a rank (the
-- pseudonym id breaks the tie). Members from before this migration share rank 0.
ALTER TABLE "group_member" ADD COLUMN "seniority" INTEGER NOT NULL DEFAULT 0;

CREATE FUNCTION group_member_seniority() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.seniority := COALESCE((SELECT max(seniority) FROM group_member WHERE group_id = NEW.group_id), 0) + 1;
  RETURN NEW;
END $$;

CREATE TRIGGER group_member_seniority BEFORE INSERT ON "group_member"
  FOR EACH ROW EXECUTE FUNCTION group_member_seniority();
