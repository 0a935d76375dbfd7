-- Private messages between pseudonyms (#16 point 3). As for posts, no table here holds an
-- account id or a time of day: members, authors, blocks and reports name pseudonyms; messages
-- and reports carry only their day, and order comes from per-conversation and per-member
-- counters, never from a clock that could be set beside a session or an audit entry.

-- CreateTable
CREATE TABLE "conversation" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "last_seq" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "conversation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "conversation_member" (
    "conversation_id" UUID NOT NULL,
    "pseudonym_id" UUID NOT NULL,
    "last_read_seq" INTEGER NOT NULL DEFAULT 0,
    "activity" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "conversation_member_pkey" PRIMARY KEY ("conversation_id","pseudonym_id")
);

-- CreateTable
CREATE TABLE "message" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "conversation_id" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "author_id" UUID NOT NULL,
    "body" VARCHAR(5000) NOT NULL,
    "day" DATE NOT NULL,

    CONSTRAINT "message_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pseudonym_block" (
    "blocker_id" UUID NOT NULL,
    "blocked_id" UUID NOT NULL,

    CONSTRAINT "pseudonym_block_pkey" PRIMARY KEY ("blocker_id","blocked_id")
);

-- CreateTable
CREATE TABLE "message_report" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "message_id" UUID NOT NULL,
    "reporter_id" UUID NOT NULL,
    "reason" VARCHAR(1000) NOT NULL,
    "day" DATE NOT NULL,
    "resolved" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "message_report_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "conversation_member_pseudonym_id_activity_conversation_id_idx" ON "conversation_member"("pseudonym_id", "activity" DESC, "conversation_id" DESC);

-- CreateIndex
CREATE INDEX "message_author_id_idx" ON "message"("author_id");

-- CreateIndex
CREATE UNIQUE INDEX "message_conversation_id_seq_key" ON "message"("conversation_id", "seq");

-- CreateIndex
CREATE INDEX "pseudonym_block_blocked_id_idx" ON "pseudonym_block"("blocked_id");

-- CreateIndex
CREATE INDEX "message_report_resolved_day_id_idx" ON "message_report"("resolved", "day", "id");

-- CreateIndex
CREATE INDEX "message_report_reporter_id_idx" ON "message_report"("reporter_id");

-- CreateIndex
CREATE UNIQUE INDEX "message_report_message_id_reporter_id_key" ON "message_report"("message_id", "reporter_id");

-- AddForeignKey
ALTER TABLE "conversation_member" ADD CONSTRAINT "conversation_member_conversation_id_fkey" FOREIGN KEY ("conversation_id") REFERENCES "conversation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "conversation_member" ADD CONSTRAINT "conversation_member_pseudonym_id_fkey" FOREIGN KEY ("pseudonym_id") REFERENCES "pseudonym"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "message" ADD CONSTRAINT "message_conversation_id_fkey" FOREIGN KEY ("conversation_id") REFERENCES "conversation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "message" ADD CONSTRAINT "message_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "pseudonym"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pseudonym_block" ADD CONSTRAINT "pseudonym_block_blocker_id_fkey" FOREIGN KEY ("blocker_id") REFERENCES "pseudonym"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pseudonym_block" ADD CONSTRAINT "pseudonym_block_blocked_id_fkey" FOREIGN KEY ("blocked_id") REFERENCES "pseudonym"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "message_report" ADD CONSTRAINT "message_report_message_id_fkey" FOREIGN KEY ("message_id") REFERENCES "message"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "message_report" ADD CONSTRAINT "message_report_reporter_id_fkey" FOREIGN KEY ("reporter_id") REFERENCES "pseudonym"("id") ON DELETE CASCADE ON UPDATE CASCADE;

