-- WebAuthn passkeys (docs/second-factors.md, "Passkeys"): several per account, named by the
-- member. Account-side: no pseudonym, and only days (DATE), never a time of day, beside the account.
CREATE TABLE "passkey" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "account_id" UUID NOT NULL,
    "credential_id" VARCHAR(1400) NOT NULL,
    "public_key" BYTEA NOT NULL,
    "sign_count" BIGINT NOT NULL DEFAULT 0,
    "transports" VARCHAR(16)[] DEFAULT ARRAY[]::VARCHAR(16)[],
    "name" VARCHAR(64) NOT NULL,
    "created_on" DATE NOT NULL,
    "last_used_on" DATE,

    CONSTRAINT "passkey_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "passkey_credential_id_key" ON "passkey"("credential_id");
CREATE INDEX "passkey_account_id_idx" ON "passkey"("account_id");

ALTER TABLE "passkey" ADD CONSTRAINT "passkey_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE;
