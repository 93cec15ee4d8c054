-- The transactional outbox (events written with the change that caused them, sequenced later by
-- one sequencer at a time) and the idempotency keys of mutations.
CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id        TEXT NOT NULL UNIQUE,
  position        INTEGER UNIQUE,
  aggregate_type  TEXT NOT NULL,
  aggregate_id    TEXT NOT NULL,
  event_type      TEXT NOT NULL,
  envelope        TEXT NOT NULL,
  occurred_at_us  INTEGER NOT NULL,
  published_at_us INTEGER
);
CREATE INDEX outbox_unsequenced ON outbox (id) WHERE position IS NULL;
CREATE INDEX outbox_unpublished ON outbox (position)
  WHERE published_at_us IS NULL AND position IS NOT NULL;
CREATE INDEX outbox_aggregate_type_position ON outbox (aggregate_type, position);

CREATE TABLE idempotency_keys (
  operation     TEXT NOT NULL,
  key           TEXT NOT NULL,
  fingerprint   TEXT NOT NULL,
  response      TEXT,
  created_at_us INTEGER NOT NULL,
  PRIMARY KEY (operation, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at_us);
