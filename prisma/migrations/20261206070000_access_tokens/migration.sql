-- Personal access tokens of client accounts (issue #17, point 7; docs/access-tokens.md): a
-- client's scripts read its organisation's surveys and reports through the API. Only the
-- SHA-256 of the token is kept (a random 256-bit secret: a fast hash is enough, see the doc);
-- the prefix ("csl_pat_" and a short id) is shown so the client can tell its tokens apart.
CREATE TYPE "AccessTokenScope" AS ENUM ('READ_SURVEYS', 'READ_REPORTS');

CREATE TABLE "access_token" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "account_id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "name" VARCHAR(64) NOT NULL,
    "prefix" VARCHAR(24) NOT NULL,
    "secret_hash" BYTEA NOT NULL,
    "scopes" "AccessTokenScope"[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "expires_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "access_token_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "access_token_prefix_key" ON "access_token"("prefix");
CREATE UNIQUE INDEX "access_token_secret_hash_key" ON "access_token"("secret_hash");
CREATE INDEX "access_token_account_id_idx" ON "access_token"("account_id");
CREATE INDEX "access_token_organization_id_idx" ON "access_token"("organization_id");

ALTER TABLE "access_token" ADD CONSTRAINT "access_token_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "access_token" ADD CONSTRAINT "access_token_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
