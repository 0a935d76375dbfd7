-- The audit log names its actor (an admin) by e-mail: a relation, so that the log's page reads
-- the e-mails in the same statement, and an entry can never name an account that does not exist.
ALTER TABLE "audit_entry" ADD CONSTRAINT "audit_entry_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
