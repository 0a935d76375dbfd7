-- The day a TOTP factor was turned on, for the data export (GDPR Art. 15) and the account page,
-- as passkeys keep theirs: a DATE, so that no time of day can sit beside the account (a physician's
-- enrolment time could be matched with their pseudonymous posts). Null while the enrolment is
-- unconfirmed, and for factors turned on before this column (their day was never kept).
ALTER TABLE "totp_factor" ADD COLUMN "enrolled_on" DATE;
