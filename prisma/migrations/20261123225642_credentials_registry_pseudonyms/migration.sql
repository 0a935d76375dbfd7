-- CreateEnum
CREATE TYPE "CredentialStatus" AS ENUM ('PENDING', 'VERIFIED', 'REJECTED', 'REVOKED');

-- CreateEnum
CREATE TYPE "RegistryImportStatus" AS ENUM ('LOADING', 'ACTIVE', 'SUPERSEDED', 'FAILED');

-- CreateTable
CREATE TABLE "credential" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "account_id" UUID NOT NULL,
    "country" CHAR(2) NOT NULL,
    "registry" VARCHAR(16) NOT NULL,
    "license_number" VARCHAR(32) NOT NULL,
    "license_claim" VARCHAR(64),
    "specialty" VARCHAR(64) NOT NULL,
    "region" VARCHAR(100),
    "practice_start_year" INTEGER NOT NULL,
    "status" "CredentialStatus" NOT NULL DEFAULT 'PENDING',
    "review_reason" VARCHAR(1000),
    "submitted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decided_at" TIMESTAMPTZ(3),
    "registry_import_id" UUID,
    "registry_found" BOOLEAN NOT NULL DEFAULT false,
    "registry_name" VARCHAR(300),
    "registry_specialty" VARCHAR(300),
    "registry_agrees" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "credential_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_entry" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "actor_id" UUID NOT NULL,
    "action" VARCHAR(64) NOT NULL,
    "target_type" VARCHAR(32) NOT NULL,
    "target_id" UUID NOT NULL,
    "reason" VARCHAR(1000),
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_entry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "registry_import" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "registry" VARCHAR(16) NOT NULL,
    "file_name" VARCHAR(300) NOT NULL,
    "extract_date" DATE,
    "rows" INTEGER NOT NULL DEFAULT 0,
    "status" "RegistryImportStatus" NOT NULL DEFAULT 'LOADING',
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "registry_import_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "registry_entry" (
    "id" BIGSERIAL NOT NULL,
    "import_id" UUID NOT NULL,
    "identifier" VARCHAR(32) NOT NULL,
    "last_name" VARCHAR(200),
    "first_name" VARCHAR(200),
    "profession" VARCHAR(200),
    "specialty_code" VARCHAR(32),
    "specialty_label" VARCHAR(300),

    CONSTRAINT "registry_entry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pseudonym" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "key" BYTEA NOT NULL,
    "handle" VARCHAR(64) NOT NULL,
    "specialty" VARCHAR(64) NOT NULL,
    "country" CHAR(2) NOT NULL,

    CONSTRAINT "pseudonym_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "credential_account_id_key" ON "credential"("account_id");

-- CreateIndex
CREATE UNIQUE INDEX "credential_license_claim_key" ON "credential"("license_claim");

-- CreateIndex
CREATE INDEX "credential_status_submitted_at_idx" ON "credential"("status", "submitted_at");

-- CreateIndex
CREATE INDEX "audit_entry_at_idx" ON "audit_entry"("at");

-- CreateIndex
CREATE INDEX "audit_entry_target_type_target_id_idx" ON "audit_entry"("target_type", "target_id");

-- CreateIndex
CREATE INDEX "registry_import_registry_status_idx" ON "registry_import"("registry", "status");

-- CreateIndex
CREATE INDEX "registry_entry_import_id_identifier_idx" ON "registry_entry"("import_id", "identifier");

-- CreateIndex
CREATE UNIQUE INDEX "pseudonym_key_key" ON "pseudonym"("key");

-- CreateIndex
CREATE UNIQUE INDEX "pseudonym_handle_key" ON "pseudonym"("handle");

-- AddForeignKey
ALTER TABLE "credential" ADD CONSTRAINT "credential_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "credential" ADD CONSTRAINT "credential_registry_import_id_fkey" FOREIGN KEY ("registry_import_id") REFERENCES "registry_import"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "registry_entry" ADD CONSTRAINT "registry_entry_import_id_fkey" FOREIGN KEY ("import_id") REFERENCES "registry_import"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The audit log is append-only: no UPDATE, DELETE or TRUNCATE, whoever asks.
CREATE FUNCTION audit_entry_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_entry is append-only';
END;
$$;

CREATE TRIGGER audit_entry_no_update_or_delete
  BEFORE UPDATE OR DELETE ON "audit_entry"
  FOR EACH ROW EXECUTE FUNCTION audit_entry_is_append_only();

CREATE TRIGGER audit_entry_no_truncate
  BEFORE TRUNCATE ON "audit_entry"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_is_append_only();
