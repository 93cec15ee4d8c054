-- When the reconciler may next ask the provider about a PENDING call (see the PostgreSQL schema).
ALTER TABLE transactions ADD COLUMN next_attempt_at_us INTEGER NOT NULL DEFAULT 0;
ALTER TABLE transactions ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
DROP INDEX transactions_pending_since;
CREATE INDEX transactions_pending_due ON transactions (next_attempt_at_us, created_at_us) WHERE status = 1;
