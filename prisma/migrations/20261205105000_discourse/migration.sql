-- Discourse features: edits with their history, bookmarks, @mentions. No table here holds an
-- account id: each row names a pseudonym or a post, as the rest of the discussion does.

-- AlterEnum
ALTER TYPE "NotificationKind" ADD VALUE 'MENTION';

-- AlterTable: when the post was last edited by its author (NULL: never), at the posts' own
-- precision; readers see it as the "edited" mark.
ALTER TABLE "post" ADD COLUMN "edited_at" TIMESTAMPTZ(3);

-- CreateTable: one row per edit, holding the text the edit replaced. The editor is the post's
-- author (only the author's pseudonym may edit), so no author column.
CREATE TABLE "post_edit" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "post_id" UUID NOT NULL,
    "body" VARCHAR(20000) NOT NULL,
    "edited_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "post_edit_pkey" PRIMARY KEY ("id")
);

-- CreateTable: a pseudonym's private bookmark of a thread; no time (the list follows the
-- threads' activity).
CREATE TABLE "bookmark" (
    "pseudonym_id" UUID NOT NULL,
    "thread_id" UUID NOT NULL,

    CONSTRAINT "bookmark_pkey" PRIMARY KEY ("pseudonym_id","thread_id")
);

-- CreateIndex
CREATE INDEX "post_edit_post_id_edited_at_id_idx" ON "post_edit"("post_id", "edited_at", "id");

-- CreateIndex
CREATE INDEX "bookmark_thread_id_idx" ON "bookmark"("thread_id");

-- AddForeignKey
ALTER TABLE "post_edit" ADD CONSTRAINT "post_edit_post_id_fkey" FOREIGN KEY ("post_id") REFERENCES "post"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bookmark" ADD CONSTRAINT "bookmark_pseudonym_id_fkey" FOREIGN KEY ("pseudonym_id") REFERENCES "pseudonym"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bookmark" ADD CONSTRAINT "bookmark_thread_id_fkey" FOREIGN KEY ("thread_id") REFERENCES "thread"("id") ON DELETE CASCADE ON UPDATE CASCADE;
