-- Pseudonyms written since the last settle (approvals, badge changes): the worker rewrites the
-- whole table when one exists, so that no row keeps the transaction id of its approval.
ALTER TABLE "pseudonym" ADD COLUMN "settled" BOOLEAN NOT NULL DEFAULT false;

-- The day a token was taken split a survey's participants by date, while settled answers keep
-- no day: who took a token is kept, not when.
ALTER TABLE "survey_token_issue" DROP COLUMN "issued_on";
