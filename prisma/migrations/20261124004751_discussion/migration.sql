-- Accent-insensitive full-text search (French and English) needs unaccent, shipped with PostgreSQL.
CREATE EXTENSION IF NOT EXISTS unaccent;

-- CreateEnum
CREATE TYPE "NotificationKind" AS ENUM ('REPLY_TO_THREAD', 'REPLY_TO_POST');

-- AlterTable
ALTER TABLE "pseudonym" ADD COLUMN     "suspended" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "thread" (
    "id" UUID NOT NULL,
    "room" VARCHAR(64) NOT NULL,
    "title" VARCHAR(200) NOT NULL,
    "tags" VARCHAR(32)[],
    "author_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_activity_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reply_count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "thread_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "post" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "thread_id" UUID NOT NULL,
    "opening_of" UUID,
    "parent_id" UUID,
    "author_id" UUID NOT NULL,
    "body" VARCHAR(20000) NOT NULL,
    "score" INTEGER NOT NULL DEFAULT 0,
    "hidden" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "search" tsvector,

    CONSTRAINT "post_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "post_vote" (
    "post_id" UUID NOT NULL,
    "pseudonym_id" UUID NOT NULL,
    "value" SMALLINT NOT NULL,

    CONSTRAINT "post_vote_pkey" PRIMARY KEY ("post_id","pseudonym_id")
);

-- CreateTable
CREATE TABLE "poll" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "thread_id" UUID NOT NULL,
    "question" VARCHAR(200) NOT NULL,

    CONSTRAINT "poll_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "poll_option" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "poll_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "label" VARCHAR(100) NOT NULL,

    CONSTRAINT "poll_option_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "poll_vote" (
    "poll_id" UUID NOT NULL,
    "pseudonym_id" UUID NOT NULL,
    "option_id" UUID NOT NULL,

    CONSTRAINT "poll_vote_pkey" PRIMARY KEY ("poll_id","pseudonym_id")
);

-- CreateTable
CREATE TABLE "post_report" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "post_id" UUID NOT NULL,
    "reporter_id" UUID NOT NULL,
    "reason" VARCHAR(1000) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolved" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "post_report_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "recipient_id" UUID NOT NULL,
    "kind" "NotificationKind" NOT NULL,
    "post_id" UUID NOT NULL,
    "read" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "attachment" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "uploader_id" UUID NOT NULL,
    "post_id" UUID,
    "storage_key" VARCHAR(200) NOT NULL,
    "mime_type" VARCHAR(32) NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "bytes" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "attachment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "thread_room_last_activity_at_id_idx" ON "thread"("room", "last_activity_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "thread_last_activity_at_id_idx" ON "thread"("last_activity_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "thread_tags_idx" ON "thread" USING GIN ("tags");

-- CreateIndex
CREATE INDEX "thread_author_id_idx" ON "thread"("author_id");

-- CreateIndex
CREATE UNIQUE INDEX "post_opening_of_key" ON "post"("opening_of");

-- CreateIndex
CREATE INDEX "post_thread_id_created_at_id_idx" ON "post"("thread_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "post_parent_id_idx" ON "post"("parent_id");

-- CreateIndex
CREATE INDEX "post_author_id_idx" ON "post"("author_id");

-- CreateIndex
CREATE INDEX "post_search_idx" ON "post" USING GIN ("search");

-- CreateIndex
CREATE INDEX "post_vote_pseudonym_id_idx" ON "post_vote"("pseudonym_id");

-- CreateIndex
CREATE UNIQUE INDEX "poll_thread_id_key" ON "poll"("thread_id");

-- CreateIndex
CREATE UNIQUE INDEX "poll_option_poll_id_position_key" ON "poll_option"("poll_id", "position");

-- CreateIndex
CREATE INDEX "poll_vote_option_id_idx" ON "poll_vote"("option_id");

-- CreateIndex
CREATE INDEX "poll_vote_pseudonym_id_idx" ON "poll_vote"("pseudonym_id");

-- CreateIndex
CREATE INDEX "post_report_resolved_created_at_idx" ON "post_report"("resolved", "created_at");

-- CreateIndex
CREATE INDEX "post_report_reporter_id_idx" ON "post_report"("reporter_id");

-- CreateIndex
CREATE UNIQUE INDEX "post_report_post_id_reporter_id_key" ON "post_report"("post_id", "reporter_id");

-- CreateIndex
CREATE INDEX "notification_recipient_id_created_at_id_idx" ON "notification"("recipient_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "notification_recipient_id_read_idx" ON "notification"("recipient_id", "read");

-- CreateIndex
CREATE INDEX "notification_post_id_idx" ON "notification"("post_id");

-- CreateIndex
CREATE UNIQUE INDEX "notification_recipient_id_post_id_key" ON "notification"("recipient_id", "post_id");

-- CreateIndex
CREATE UNIQUE INDEX "attachment_storage_key_key" ON "attachment"("storage_key");

-- CreateIndex
CREATE INDEX "attachment_post_id_idx" ON "attachment"("post_id");

-- CreateIndex
CREATE INDEX "attachment_uploader_id_idx" ON "attachment"("uploader_id");

-- AddForeignKey
ALTER TABLE "thread" ADD CONSTRAINT "thread_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "pseudonym"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "post" ADD CONSTRAINT "post_thread_id_fkey" FOREIGN KEY ("thread_id") REFERENCES "thread"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "post" ADD CONSTRAINT "post_opening_of_fkey" FOREIGN KEY ("opening_of") REFERENCES "thread"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "post" ADD CONSTRAINT "post_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "post"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "post" ADD CONSTRAINT "post_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "pseudonym"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "post_vote" ADD CONSTRAINT "post_vote_post_id_fkey" FOREIGN KEY ("post_id") REFERENCES "post"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "post_vote" ADD CONSTRAINT "post_vote_pseudonym_id_fkey" FOREIGN KEY ("pseudonym_id") REFERENCES "pseudonym"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "poll" ADD CONSTRAINT "poll_thread_id_fkey" FOREIGN KEY ("thread_id") REFERENCES "thread"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "poll_option" ADD CONSTRAINT "poll_option_poll_id_fkey" FOREIGN KEY ("poll_id") REFERENCES "poll"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "poll_vote" ADD CONSTRAINT "poll_vote_poll_id_fkey" FOREIGN KEY ("poll_id") REFERENCES "poll"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "poll_vote" ADD CONSTRAINT "poll_vote_pseudonym_id_fkey" FOREIGN KEY ("pseudonym_id") REFERENCES "pseudonym"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "poll_vote" ADD CONSTRAINT "poll_vote_option_id_fkey" FOREIGN KEY ("option_id") REFERENCES "poll_option"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "post_report" ADD CONSTRAINT "post_report_post_id_fkey" FOREIGN KEY ("post_id") REFERENCES "post"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "post_report" ADD CONSTRAINT "post_report_reporter_id_fkey" FOREIGN KEY ("reporter_id") REFERENCES "pseudonym"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification" ADD CONSTRAINT "notification_recipient_id_fkey" FOREIGN KEY ("recipient_id") REFERENCES "pseudonym"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification" ADD CONSTRAINT "notification_post_id_fkey" FOREIGN KEY ("post_id") REFERENCES "post"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "attachment" ADD CONSTRAINT "attachment_uploader_id_fkey" FOREIGN KEY ("uploader_id") REFERENCES "pseudonym"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "attachment" ADD CONSTRAINT "attachment_post_id_fkey" FOREIGN KEY ("post_id") REFERENCES "post"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Hand-written: the search vector of a post, French and English stems of the unaccented text
-- (an opening post also carries its thread's title, weighted higher). Kept by a trigger so that
-- every writer (the API, the demo seed, the bench's bulk SQL) gets it; Prisma does not see it.
CREATE FUNCTION post_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_title text := '';
BEGIN
  IF NEW.opening_of IS NOT NULL THEN
    SELECT t.title INTO v_title FROM thread t WHERE t.id = NEW.opening_of;
  END IF;
  NEW.search :=
    setweight(to_tsvector('french', public.unaccent(coalesce(v_title, ''))), 'A') ||
    setweight(to_tsvector('english', public.unaccent(coalesce(v_title, ''))), 'A') ||
    setweight(to_tsvector('french', public.unaccent(NEW.body)), 'B') ||
    setweight(to_tsvector('english', public.unaccent(NEW.body)), 'B');
  RETURN NEW;
END
$$;

CREATE TRIGGER post_search BEFORE INSERT OR UPDATE OF body, opening_of ON post
  FOR EACH ROW EXECUTE FUNCTION post_search_vector();
