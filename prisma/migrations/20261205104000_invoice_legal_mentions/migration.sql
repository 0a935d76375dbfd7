-- Billing details of client organisations, and what a French/EU invoice must carry on each order.

-- CreateEnum
CREATE TYPE "VatRegime" AS ENUM ('STANDARD', 'REVERSE_CHARGE', 'OUTSIDE_EU', 'NOT_APPLICABLE');

-- AlterTable
ALTER TABLE "organization"
  ADD COLUMN "billing_address" VARCHAR(500),
  ADD COLUMN "postal_code" VARCHAR(20),
  ADD COLUMN "city" VARCHAR(100),
  ADD COLUMN "country" CHAR(2) NOT NULL DEFAULT 'FR',
  ADD COLUMN "vat_number" VARCHAR(20);

-- AlterTable: orders made before keep their price as it was invoiced ("TVA non applicable"),
-- due 30 days after they were made, billed to their organisation's name.
ALTER TABLE "report_order"
  ADD COLUMN "buyer_name" VARCHAR(200),
  ADD COLUMN "buyer_address" VARCHAR(800),
  ADD COLUMN "buyer_country" CHAR(2) NOT NULL DEFAULT 'FR',
  ADD COLUMN "buyer_vat_number" VARCHAR(20),
  ADD COLUMN "vat_regime" "VatRegime" NOT NULL DEFAULT 'NOT_APPLICABLE',
  ADD COLUMN "vat_rate_basis_points" INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN "vat_cents" INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN "total_cents" INTEGER,
  ADD COLUMN "due_at" TIMESTAMPTZ(3),
  ADD COLUMN "seller" JSONB;

UPDATE "report_order" o
   SET "buyer_name" = org."name",
       "total_cents" = o."amount_cents",
       "due_at" = o."created_at" + interval '30 days'
  FROM "organization" org
 WHERE org."id" = o."organization_id";

ALTER TABLE "report_order"
  ALTER COLUMN "buyer_name" SET NOT NULL,
  ALTER COLUMN "total_cents" SET NOT NULL,
  ALTER COLUMN "due_at" SET NOT NULL;
