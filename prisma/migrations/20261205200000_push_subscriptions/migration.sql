-- Web push (issue #16, point 5): the browsers an ACCOUNT asked to be pushed to. Identity side
-- only: nothing here names a pseudonym, and nothing is written here when a push is sent (no
-- "last pushed at"), so the rows' dates and xmin say nothing about when a pseudonym was answered.
CREATE TABLE "push_subscription" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "account_id" UUID NOT NULL,
  "endpoint" VARCHAR(1000) NOT NULL,
  "p256dh" VARCHAR(200) NOT NULL,
  "auth" VARCHAR(100) NOT NULL,
  "device" VARCHAR(64),
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  CONSTRAINT "push_subscription_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "push_subscription_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "push_subscription_endpoint_key" ON "push_subscription"("endpoint");
CREATE INDEX "push_subscription_account_id_idx" ON "push_subscription"("account_id");

-- One row for the whole service: notifications created after "delivered_through" have not been
-- pushed yet. A single watermark for every account, so that it cannot tell whose turn it was.
CREATE TABLE "push_delivery" (
  "id" INTEGER NOT NULL DEFAULT 1,
  "delivered_through" TIMESTAMPTZ(3) NOT NULL,
  CONSTRAINT "push_delivery_pkey" PRIMARY KEY ("id")
);
-- One row: a trigger rather than CHECK ("id" = 1), which Prisma's WebAssembly schema engine (the
-- drift check) cannot read.
CREATE FUNCTION push_delivery_single_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.id <> 1 THEN RAISE EXCEPTION 'push_delivery holds one row (id 1)' USING ERRCODE = 'check_violation'; END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER push_delivery_single_row BEFORE INSERT OR UPDATE ON "push_delivery" FOR EACH ROW EXECUTE FUNCTION push_delivery_single_row();
