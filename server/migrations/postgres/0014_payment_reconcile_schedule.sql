-- When the reconciler may next ask the provider about a PENDING call, and how often it has:
-- each ask claims the call for an interval that doubles with every attempt, so calls the
-- provider keeps not answering cannot take every batch from the ones it would answer, and two
-- instances do not ask about the same call at once. 0: not asked yet.
ALTER TABLE payments.transactions ADD COLUMN next_attempt_at_us bigint NOT NULL DEFAULT 0;
ALTER TABLE payments.transactions ADD COLUMN attempts integer NOT NULL DEFAULT 0;
DROP INDEX payments.transactions_pending_since;
CREATE INDEX transactions_pending_due ON payments.transactions (next_attempt_at_us, created_at_us) WHERE status = 1;
