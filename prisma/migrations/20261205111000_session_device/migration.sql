-- A coarse device label ("Firefox on Android") for the member's list of sessions, derived from
-- the user agent at login. Never the raw user agent, never an address (docs/data-rights.md).
ALTER TABLE "session" ADD COLUMN "device" VARCHAR(64);
