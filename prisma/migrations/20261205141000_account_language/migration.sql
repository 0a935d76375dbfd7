-- The language an account's mails are written in (issue #14: every mail in French or English).
-- Mails sent outside a request (the worker's re-verification sweep, registry imports) have no
-- Accept-Language to read, so the account keeps the one it registered in (then signed in with last). Accounts from before
-- this column read French, the service's default language.
CREATE TYPE "Language" AS ENUM ('fr', 'en');

ALTER TABLE "account" ADD COLUMN "language" "Language" NOT NULL DEFAULT 'fr';
