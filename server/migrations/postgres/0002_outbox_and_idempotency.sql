-- The transactional outbox (events written with the change that caused them, sequenced later by
-- one sequencer at a time) and the idempotency keys of mutations.
CREATE TABLE mercato.outbox (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_id        text NOT NULL UNIQUE,
  position        bigint UNIQUE,
  aggregate_type  text NOT NULL,
  aggregate_id    text NOT NULL,
  event_type      text NOT NULL,
  envelope        jsonb NOT NULL,
  occurred_at_us  bigint NOT NULL,
  published_at_us bigint
);
CREATE INDEX outbox_unsequenced ON mercato.outbox (id) WHERE position IS NULL;
CREATE INDEX outbox_unpublished ON mercato.outbox (position)
  WHERE published_at_us IS NULL AND position IS NOT NULL;
CREATE INDEX outbox_aggregate_type_position ON mercato.outbox (aggregate_type, position);

CREATE TABLE mercato.idempotency_keys (
  operation     text NOT NULL,
  key           text NOT NULL,
  fingerprint   text NOT NULL,
  response      text,
  created_at_us bigint NOT NULL,
  PRIMARY KEY (operation, key)
);
CREATE INDEX idempotency_keys_created ON mercato.idempotency_keys (created_at_us);
