-- CreateTable
CREATE TABLE "registry_specialty_count" (
    "import_id" UUID NOT NULL,
    "specialty_code" VARCHAR(32) NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "registry_specialty_count_pkey" PRIMARY KEY ("import_id","specialty_code")
);

-- AddForeignKey
ALTER TABLE "registry_specialty_count" ADD CONSTRAINT "registry_specialty_count_import_id_fkey" FOREIGN KEY ("import_id") REFERENCES "registry_import"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written (invisible to Prisma): the physicians of each specialty code in an extract
-- (distinct identifiers: a person has one row per activity), counted once when the import becomes
-- ACTIVE, in the statement that activates it. An ACTIVE extract's rows never change (a new
-- extract is a new import), so the report's population frame reads these few rows instead of
-- aggregating a registry of millions of rows at every build (docs/reports.md, "Performance").
CREATE FUNCTION "registry_specialty_count_fill"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "registry_specialty_count" WHERE "import_id" = NEW."id";
  INSERT INTO "registry_specialty_count" ("import_id", "specialty_code", "count")
  SELECT NEW."id", e."specialty_code", count(DISTINCT e."identifier")::int
  FROM "registry_entry" e
  WHERE e."import_id" = NEW."id" AND e."specialty_code" IS NOT NULL
  GROUP BY e."specialty_code";
  RETURN NULL;
END $$;

CREATE TRIGGER "registry_specialty_count_fill" AFTER INSERT OR UPDATE OF "status" ON "registry_import"
  FOR EACH ROW WHEN (NEW."status" = 'ACTIVE') EXECUTE FUNCTION "registry_specialty_count_fill"();

-- The extracts already ACTIVE.
INSERT INTO "registry_specialty_count" ("import_id", "specialty_code", "count")
SELECT e."import_id", e."specialty_code", count(DISTINCT e."identifier")::int
FROM "registry_entry" e JOIN "registry_import" i ON i."id" = e."import_id"
WHERE i."status" = 'ACTIVE' AND e."specialty_code" IS NOT NULL
GROUP BY e."import_id", e."specialty_code";
