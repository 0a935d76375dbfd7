-- Whether a session was opened with a second factor (a TOTP code, a recovery code or a passkey).
-- Admin operations require it; it says nothing about when.
ALTER TABLE "session" ADD COLUMN "second_factor" BOOLEAN NOT NULL DEFAULT false;
