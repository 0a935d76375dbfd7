-- E-mail that works: confirmation of the address, password reset, change of address.

-- AlterTable: every account that exists already counts as confirmed (the default); registration
-- writes false until the confirmation link is followed.
ALTER TABLE "account" ADD COLUMN "email_confirmed" BOOLEAN NOT NULL DEFAULT true;

-- CreateEnum
CREATE TYPE "EmailTokenPurpose" AS ENUM ('CONFIRM_EMAIL', 'RESET_PASSWORD', 'CHANGE_EMAIL');

-- CreateTable: single-use links sent by e-mail, by the SHA-256 of their token; deleted when used.
-- The expiry is on a whole hour (as a session's), never the exact time of the request.
CREATE TABLE "email_token" (
    "token_hash" BYTEA NOT NULL,
    "account_id" UUID NOT NULL,
    "purpose" "EmailTokenPurpose" NOT NULL,
    "new_email" VARCHAR(254),
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "email_token_pkey" PRIMARY KEY ("token_hash")
);

-- CreateIndex
CREATE INDEX "email_token_account_id_idx" ON "email_token"("account_id");

-- AddForeignKey
ALTER TABLE "email_token" ADD CONSTRAINT "email_token_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE;
