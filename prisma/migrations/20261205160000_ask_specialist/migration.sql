-- Ask a specialist (#16 point 1): a question is a thread with a side row (addressed specialty,
-- optional country, urgency, status, helpful answer, outcome); specialists opt in on their
-- pseudonym with quiet hours. No account id and no time column in either table.

-- AlterEnum
ALTER TYPE "NotificationKind" ADD VALUE 'SPECIALIST_QUESTION';

-- CreateEnum
CREATE TYPE "QuestionUrgency" AS ENUM ('ROUTINE', 'URGENT');

-- CreateEnum
CREATE TYPE "QuestionStatus" AS ENUM ('OPEN', 'SOLVED');

-- CreateTable
CREATE TABLE "thread_question" (
    "thread_id" UUID NOT NULL,
    "specialty" VARCHAR(64) NOT NULL,
    "country" CHAR(2),
    "urgency" "QuestionUrgency" NOT NULL,
    "status" "QuestionStatus" NOT NULL DEFAULT 'OPEN',
    "helpful_post_id" UUID,
    "outcome" VARCHAR(500),

    CONSTRAINT "thread_question_pkey" PRIMARY KEY ("thread_id")
);

-- CreateTable
CREATE TABLE "specialist_availability" (
    "pseudonym_id" UUID NOT NULL,
    "specialty" VARCHAR(64) NOT NULL,
    "opted_in" BOOLEAN NOT NULL DEFAULT true,
    "quiet_start_hour" SMALLINT,
    "quiet_end_hour" SMALLINT,
    "time_zone" VARCHAR(64) NOT NULL DEFAULT 'UTC',

    CONSTRAINT "specialist_availability_pkey" PRIMARY KEY ("pseudonym_id")
);

-- CreateIndex
CREATE INDEX "thread_question_specialty_status_idx" ON "thread_question"("specialty", "status");

-- CreateIndex
CREATE INDEX "thread_question_helpful_post_id_idx" ON "thread_question"("helpful_post_id");

-- CreateIndex
CREATE INDEX "specialist_availability_specialty_opted_in_idx" ON "specialist_availability"("specialty", "opted_in");

-- AddForeignKey
ALTER TABLE "thread_question" ADD CONSTRAINT "thread_question_thread_id_fkey" FOREIGN KEY ("thread_id") REFERENCES "thread"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "thread_question" ADD CONSTRAINT "thread_question_helpful_post_id_fkey" FOREIGN KEY ("helpful_post_id") REFERENCES "post"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "specialist_availability" ADD CONSTRAINT "specialist_availability_pseudonym_id_fkey" FOREIGN KEY ("pseudonym_id") REFERENCES "pseudonym"("id") ON DELETE CASCADE ON UPDATE CASCADE;
