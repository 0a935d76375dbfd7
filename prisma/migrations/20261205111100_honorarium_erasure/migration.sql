-- The honoraria ledger stays append-only, with one exception: when a member deletes their account
-- (GDPR Art. 17, docs/data-rights.md), the entries are kept as the law requires for payments but
-- move to a stand-in account with a random id and no e-mail. Only that transaction may do it (it
-- sets consilium.erasure locally), and it may change the holder only: never an amount, a survey,
-- a date or an id.
CREATE OR REPLACE FUNCTION honorarium_entry_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE'
     AND current_setting('consilium.erasure', true) = 'on'
     AND NEW.id = OLD.id
     AND NEW.survey_id IS NOT DISTINCT FROM OLD.survey_id
     AND NEW.amount_cents = OLD.amount_cents
     AND NEW.created_at = OLD.created_at THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'honorarium_entry is append-only';
END;
$$;
