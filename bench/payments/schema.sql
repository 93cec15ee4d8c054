-- The tables an authorize + capture writes, for the pgbench script: the payments schema exactly as
-- mercatod migrates it, and mercato's idempotency keys and outbox in their current shape. run.sh
-- loads it into a scratch database before the script.
DROP SCHEMA IF EXISTS payments, mercato CASCADE;
\ir ../../server/migrations/postgres/0012_payments.sql
\ir ../../server/migrations/postgres/0014_payment_reconcile_schedule.sql
CREATE SCHEMA mercato;
CREATE TABLE mercato.idempotency_keys (
  operation     text NOT NULL,
  key           text NOT NULL,
  fingerprint   text NOT NULL,
  response      text,
  created_at_us bigint NOT NULL,
  PRIMARY KEY (operation, key)
);
CREATE INDEX idempotency_keys_created ON mercato.idempotency_keys (created_at_us);
CREATE TABLE mercato.outbox (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_id        text NOT NULL UNIQUE,
  position        bigint UNIQUE,
  aggregate_type  text NOT NULL,
  aggregate_id    text NOT NULL,
  event_type      text NOT NULL,
  envelope        jsonb NOT NULL,
  envelope_proto  text,
  occurred_at_us  bigint NOT NULL
);
CREATE INDEX outbox_unsequenced ON mercato.outbox (id) WHERE position IS NULL;
CREATE INDEX outbox_aggregate_type_position ON mercato.outbox (aggregate_type, position);
-- A payment document of the size mercatod stores (about 450 bytes of protobuf JSON).
CREATE FUNCTION mercato.bench_document() RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT '{"id":"01JDXPAYMENT0000000000000","orderId":"order-bench","amount":{"currencyCode":"GBP","amountMinor":"1000"},"capturedAmount":{"currencyCode":"GBP","amountMinor":"0"},"refundedAmount":{"currencyCode":"GBP","amountMinor":"0"},"status":"PAYMENT_STATUS_AUTHORIZED","method":{"provider":"test","cardBrand":"visa","last4":"4242","expMonth":12,"expYear":2034},"providerReference":"pi_test_1","version":"2","createdAt":"2026-12-01T12:00:00Z","updatedAt":"2026-12-01T12:00:00Z"}'::text
$$;
