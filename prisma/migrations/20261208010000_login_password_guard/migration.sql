-- Hand-written (invisible to Prisma). A statement that must stop whole when a condition it reads
-- fails: `refuse(reason)` raises `reason` (SQLSTATE P0001), so that every write of the statement
-- rolls back with it. A sign-in's session statement uses it: the session opens only if the
-- account's password hash is still the one argon2 verified (domain/sessions.ts), read under a
-- share lock, so a password reset committing during the verification ends the sign-in too.
CREATE FUNCTION refuse(reason text) RETURNS uuid LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = reason;
END
$$;
