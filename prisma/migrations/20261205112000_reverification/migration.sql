-- Re-verification of verified credentials (issue #14, point 5). A VERIFIED credential is put in
-- the admins' re-verification queue when a registry import no longer lists its licence or lists
-- it with another specialty, when its verification grows old, or on an admin's request. It stays
-- VERIFIED until an admin confirms it (the queue columns are cleared) or revokes it.
-- Every column is on the credential, which names its account already; nothing here touches a
-- pseudonym, a post or an answer, and no notification row is written (docs/pseudonyms.md).

-- CreateEnum
CREATE TYPE "ReverifyReason" AS ENUM ('REGISTRY_MISSING', 'REGISTRY_SPECIALTY', 'AGE', 'ADMIN_REQUEST');

-- AlterTable: why and since when the credential is in the queue (NULL: not in it), and what the
-- registry said when it was queued (the evidence; what it said before stays in registry_*).
ALTER TABLE "credential" ADD COLUMN "reverify_reason" "ReverifyReason",
ADD COLUMN "reverify_requested_at" TIMESTAMPTZ(3),
ADD COLUMN "reverify_note" VARCHAR(1000),
ADD COLUMN "reverify_import_id" UUID,
ADD COLUMN "reverify_registry_found" BOOLEAN,
ADD COLUMN "reverify_registry_name" VARCHAR(300),
ADD COLUMN "reverify_registry_specialty" VARCHAR(300);

-- CreateIndex: the queue, oldest request first.
CREATE INDEX "credential_reverify_requested_at_id_idx" ON "credential"("reverify_requested_at", "id");

-- AddForeignKey
ALTER TABLE "credential" ADD CONSTRAINT "credential_reverify_import_id_fkey" FOREIGN KEY ("reverify_import_id") REFERENCES "registry_import"("id") ON DELETE SET NULL ON UPDATE CASCADE;
