-- One schema per domain, and `mercato` for what every domain shares (outbox, idempotency keys,
-- schema_migrations, which the migrator creates before anything else).
CREATE SCHEMA IF NOT EXISTS mercato;
CREATE SCHEMA IF NOT EXISTS catalog;
