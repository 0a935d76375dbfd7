-- AlterTable
ALTER TABLE "credential" ADD COLUMN     "claimed_elsewhere" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE INDEX "credential_registry_license_number_idx" ON "credential"("registry", "license_number");

-- A licence is now claimed by the approval, not the submission (so that submitting cannot tell
-- whether a licence already backs an account), and let go by a revocation.
UPDATE "credential" SET "license_claim" = NULL WHERE "status" IN ('PENDING', 'REVOKED');
