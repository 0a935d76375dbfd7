-- Peer groups (#16 point 2). Membership is by pseudonym: no table here holds an account id or
-- any time (an invitation expires on a day); a group thread is a thread with group_id set, which
-- only members may list, read or search (api/src/domain/groups/visibility.ts).

-- CreateEnum
CREATE TYPE "GroupKind" AS ENUM ('GLEM', 'HOSPITAL_TEAM', 'RESIDENTS', 'OTHER');

-- CreateEnum
CREATE TYPE "GroupRole" AS ENUM ('OWNER', 'MENTOR', 'MEMBER');

-- CreateTable
CREATE TABLE "peer_group" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" VARCHAR(80) NOT NULL,
    "description" VARCHAR(1000) NOT NULL DEFAULT '',
    "kind" "GroupKind" NOT NULL,

    CONSTRAINT "peer_group_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "group_member" (
    "group_id" UUID NOT NULL,
    "pseudonym_id" UUID NOT NULL,
    "role" "GroupRole" NOT NULL DEFAULT 'MEMBER',

    CONSTRAINT "group_member_pkey" PRIMARY KEY ("group_id","pseudonym_id")
);

-- CreateTable
CREATE TABLE "group_invite" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "group_id" UUID NOT NULL,
    "code_hash" BYTEA NOT NULL,
    "uses" INTEGER NOT NULL DEFAULT 0,
    "max_uses" INTEGER,
    "expires_on" DATE,
    "revoked" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "group_invite_pkey" PRIMARY KEY ("id")
);

-- AlterTable
ALTER TABLE "thread" ADD COLUMN "group_id" UUID;

-- CreateIndex
CREATE INDEX "group_member_pseudonym_id_idx" ON "group_member"("pseudonym_id");

-- CreateIndex
CREATE UNIQUE INDEX "group_invite_code_hash_key" ON "group_invite"("code_hash");

-- CreateIndex
CREATE INDEX "group_invite_group_id_idx" ON "group_invite"("group_id");

-- CreateIndex
CREATE INDEX "thread_group_id_last_activity_at_id_idx" ON "thread"("group_id", "last_activity_at" DESC, "id" DESC);

-- AddForeignKey
ALTER TABLE "group_member" ADD CONSTRAINT "group_member_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "peer_group"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "group_member" ADD CONSTRAINT "group_member_pseudonym_id_fkey" FOREIGN KEY ("pseudonym_id") REFERENCES "pseudonym"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "group_invite" ADD CONSTRAINT "group_invite_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "peer_group"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "thread" ADD CONSTRAINT "thread_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "peer_group"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A group thread's tags stay out of the public counts (`tags` would otherwise show that a group
-- discusses them): only threads without a group move tag_count.
CREATE OR REPLACE FUNCTION thread_tag_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO tag_count AS c (room, tag, count)
  SELECT d.room, d.tag, sum(d.n)::int FROM (
    SELECT r AS room, tag, 1 AS n FROM unnest(ARRAY[NEW.room, '']) AS r, unnest(NEW.tags) AS tag WHERE TG_OP <> 'DELETE' AND NEW.group_id IS NULL
    UNION ALL
    SELECT r, tag, -1 FROM unnest(ARRAY[OLD.room, '']) AS r, unnest(OLD.tags) AS tag WHERE TG_OP <> 'INSERT' AND OLD.group_id IS NULL
  ) d
  GROUP BY d.room, d.tag HAVING sum(d.n) <> 0 ORDER BY d.room, d.tag
  ON CONFLICT (room, tag) DO UPDATE SET count = c.count + EXCLUDED.count;
  RETURN NULL;
END $$;

DROP TRIGGER thread_tag_count ON thread;
CREATE TRIGGER thread_tag_count AFTER INSERT OR DELETE OR UPDATE OF room, tags, group_id ON thread
  FOR EACH ROW EXECUTE FUNCTION thread_tag_count();
