-- Least privilege and audit (issue #14, points 6 and 7; docs/staff-roles.md).

-- Staff roles: an ADMIN account holds any set of them.
CREATE TYPE "StaffRole" AS ENUM ('VERIFIER', 'MODERATOR', 'REVIEWER', 'FINANCE', 'OWNER');

CREATE TABLE "staff_role" (
    "account_id" UUID NOT NULL,
    "role" "StaffRole" NOT NULL,

    CONSTRAINT "staff_role_pkey" PRIMARY KEY ("account_id","role")
);

ALTER TABLE "staff_role" ADD CONSTRAINT "staff_role_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Nothing breaks for an existing deployment: every admin there is keeps every power it had.
INSERT INTO "staff_role" ("account_id", "role")
SELECT a.id, r.role FROM "account" a CROSS JOIN unnest(enum_range(NULL::"StaffRole")) AS r(role) WHERE a.role = 'ADMIN';

-- The audit log also records what members do to their own accounts (exports, factor changes)
-- and a deletion's trace, which names nobody: actor and target may be empty.
ALTER TABLE "audit_entry" ALTER COLUMN "actor_id" DROP NOT NULL,
ALTER COLUMN "target_id" DROP NOT NULL;

CREATE INDEX "audit_entry_actor_id_idx" ON "audit_entry"("actor_id");

-- Sign-ins, counted per account and per day (never a time of day: a physician's sign-in time
-- would point at their pseudonymous posts). Failed sign-ins are attempts - successes.
CREATE TABLE "sign_in_tally" (
    "account_id" UUID NOT NULL,
    "day" DATE NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "successes" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "sign_in_tally_pkey" PRIMARY KEY ("account_id","day")
);

ALTER TABLE "sign_in_tally" ADD CONSTRAINT "sign_in_tally_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Both stay append-only: an entry is never changed, a count never goes down. The one exception
-- is an account's erasure at its holder's request (docs/data-rights.md): the transaction that
-- deletes the account sets consilium.erasure and consilium.erasure_account, and may then delete
-- the rows that name that account, and only those.
CREATE OR REPLACE FUNCTION audit_entry_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE'
     AND current_setting('consilium.erasure', true) = 'on'
     AND (OLD.actor_id::text = current_setting('consilium.erasure_account', true)
          OR OLD.target_id::text = current_setting('consilium.erasure_account', true)) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit_entry is append-only';
END;
$$;

CREATE FUNCTION sign_in_tally_only_grows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE'
     AND NEW.account_id = OLD.account_id AND NEW.day = OLD.day
     AND NEW.attempts >= OLD.attempts AND NEW.successes >= OLD.successes THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'DELETE'
     AND current_setting('consilium.erasure', true) = 'on'
     AND OLD.account_id::text = current_setting('consilium.erasure_account', true) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'sign_in_tally only grows';
END;
$$;

CREATE TRIGGER sign_in_tally_only_grows
  BEFORE UPDATE OR DELETE ON "sign_in_tally"
  FOR EACH ROW EXECUTE FUNCTION sign_in_tally_only_grows();

CREATE TRIGGER sign_in_tally_no_truncate
  BEFORE TRUNCATE ON "sign_in_tally"
  FOR EACH STATEMENT EXECUTE FUNCTION sign_in_tally_only_grows();
