-- Following (issue #16 point 5): a pseudonym follows a thread, a room or a tag at a level, and
-- an account chooses how often its notifications are mailed. The follow table holds no account
-- id and no date; the account's mail columns hold no pseudonym and move for a whole frequency at
-- once (docs/notifications.md, docs/pseudonyms.md "What the mail provider can learn").
CREATE TYPE "MailFrequency" AS ENUM ('OFF', 'IMMEDIATE_DAILY', 'DAILY', 'WEEKLY');
CREATE TYPE "FollowTargetKind" AS ENUM ('THREAD', 'ROOM', 'TAG');
CREATE TYPE "FollowLevel" AS ENUM ('WATCHING', 'NORMAL', 'MUTED');
ALTER TYPE "NotificationKind" ADD VALUE 'WATCHED_ACTIVITY';

ALTER TABLE "account"
  ADD COLUMN "mail_frequency" "MailFrequency" NOT NULL DEFAULT 'OFF',
  ADD COLUMN "mailed_up_to" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  ADD COLUMN "digest_sent_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

CREATE TABLE "follow" (
  "pseudonym_id" UUID NOT NULL,
  "target_kind" "FollowTargetKind" NOT NULL,
  "target" VARCHAR(64) NOT NULL,
  "level" "FollowLevel" NOT NULL,
  CONSTRAINT "follow_pkey" PRIMARY KEY ("pseudonym_id", "target_kind", "target")
);
CREATE INDEX "follow_target_kind_target_level_idx" ON "follow"("target_kind", "target", "level");
ALTER TABLE "follow" ADD CONSTRAINT "follow_pseudonym_id_fkey" FOREIGN KEY ("pseudonym_id") REFERENCES "pseudonym"("id") ON DELETE CASCADE ON UPDATE CASCADE;
