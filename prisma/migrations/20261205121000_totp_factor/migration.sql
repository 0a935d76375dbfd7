-- An account's TOTP second factor (RFC 6238). The secret is sealed with AES-256-GCM under a key
-- derived from FACTOR_KEY_SECRET and bound to the account id: a copy of the database alone cannot
-- compute codes. `confirmed` is false between the start of an enrolment and its first good code.
-- No timestamp: when a physician enrolled, or last used a code, would sit beside their account.
CREATE TABLE "totp_factor" (
    "account_id" UUID NOT NULL,
    "sealed_secret" BYTEA NOT NULL,
    "confirmed" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "totp_factor_pkey" PRIMARY KEY ("account_id"),
    CONSTRAINT "totp_factor_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- Single-use recovery codes: only an HMAC-SHA256 of each (under FACTOR_KEY_SECRET); the row is
-- deleted when the code is used.
CREATE TABLE "recovery_code" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "account_id" UUID NOT NULL,
    "code_hash" BYTEA NOT NULL,

    CONSTRAINT "recovery_code_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "recovery_code_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE UNIQUE INDEX "recovery_code_account_id_code_hash_key" ON "recovery_code"("account_id", "code_hash");
