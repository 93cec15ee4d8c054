-- An authorize and a full capture as mercatod writes them, in the four transactions it commits
-- (the provider calls between them are in memory for the test provider): open the authorization,
-- settle it, open the capture, settle it. Each row carries a document of the size mercatod stores
-- (schema.sql's bench_document(), evaluated per row as mercatod's parameters are parsed per row).
-- Left out: the reads mercatod makes to answer, and the outbox relay's sequencing and publishing.
\set r random(1, 9000000000000000000)
BEGIN;
INSERT INTO mercato.idempotency_keys (operation, key, fingerprint, response, created_at_us)
  VALUES ('payments.AuthorizePayment', 'a' || :client_id || '-' || :r, 'fp', NULL, 1) ON CONFLICT (operation, key) DO NOTHING RETURNING operation, key;
INSERT INTO payments.payments (id, order_id, user_id, currency_code, amount_minor, captured_minor, refunded_minor, status, version, created_at_us, document)
  VALUES ('p' || :client_id || '-' || :r, 'o' || :client_id || '-' || :r, '', 'GBP', 1000, 0, 0, 8, 1, 1, mercato.bench_document()::jsonb);
INSERT INTO payments.transactions (id, payment_id, currency_code, kind, amount_minor, status, provider_key, provider_token, final_capture, created_at_us, document)
  VALUES ('ta' || :client_id || '-' || :r, 'p' || :client_id || '-' || :r, 'GBP', 1, 1000, 1, 'ka' || :client_id || '-' || :r, 'tok_visa', FALSE, 1, mercato.bench_document()::jsonb);
UPDATE mercato.idempotency_keys SET response = mercato.bench_document() WHERE operation = 'payments.AuthorizePayment' AND key = 'a' || :client_id || '-' || :r;
COMMIT;
BEGIN;
SELECT document FROM payments.transactions WHERE id = 'ta' || :client_id || '-' || :r;
SELECT document FROM payments.payments WHERE id = 'p' || :client_id || '-' || :r FOR UPDATE;
SELECT document FROM payments.transactions WHERE id = 'ta' || :client_id || '-' || :r FOR UPDATE;
UPDATE payments.transactions SET status = 2, provider_token = '', document = mercato.bench_document()::jsonb WHERE id = 'ta' || :client_id || '-' || :r;
UPDATE payments.payments SET captured_minor = 0, refunded_minor = 0, status = 1, version = 2, document = mercato.bench_document()::jsonb WHERE id = 'p' || :client_id || '-' || :r;
INSERT INTO mercato.outbox (event_id, aggregate_type, aggregate_id, event_type, envelope, envelope_proto, occurred_at_us)
  VALUES ('ea' || :client_id || '-' || :r, 'payment', 'p' || :client_id || '-' || :r, 'payment.authorized', mercato.bench_document()::jsonb, '', 1);
COMMIT;
BEGIN;
INSERT INTO mercato.idempotency_keys (operation, key, fingerprint, response, created_at_us)
  VALUES ('payments.CapturePayment', 'c' || :client_id || '-' || :r, 'fp', NULL, 1) ON CONFLICT (operation, key) DO NOTHING RETURNING operation, key;
SELECT document FROM payments.payments WHERE id = 'p' || :client_id || '-' || :r FOR UPDATE;
UPDATE payments.payments SET captured_minor = 0, refunded_minor = 0, status = 1, version = 3, document = mercato.bench_document()::jsonb WHERE id = 'p' || :client_id || '-' || :r;
INSERT INTO payments.transactions (id, payment_id, currency_code, kind, amount_minor, status, provider_key, provider_token, final_capture, created_at_us, document)
  VALUES ('tc' || :client_id || '-' || :r, 'p' || :client_id || '-' || :r, 'GBP', 2, 1000, 1, 'kc' || :client_id || '-' || :r, '', FALSE, 2, mercato.bench_document()::jsonb);
UPDATE mercato.idempotency_keys SET response = mercato.bench_document() WHERE operation = 'payments.CapturePayment' AND key = 'c' || :client_id || '-' || :r;
COMMIT;
BEGIN;
SELECT document FROM payments.transactions WHERE id = 'tc' || :client_id || '-' || :r;
SELECT document FROM payments.payments WHERE id = 'p' || :client_id || '-' || :r FOR UPDATE;
SELECT document FROM payments.transactions WHERE id = 'tc' || :client_id || '-' || :r FOR UPDATE;
UPDATE payments.transactions SET status = 2, provider_token = '', document = mercato.bench_document()::jsonb WHERE id = 'tc' || :client_id || '-' || :r;
UPDATE payments.payments SET captured_minor = 1000, refunded_minor = 0, status = 3, version = 4, document = mercato.bench_document()::jsonb WHERE id = 'p' || :client_id || '-' || :r;
INSERT INTO mercato.outbox (event_id, aggregate_type, aggregate_id, event_type, envelope, envelope_proto, occurred_at_us)
  VALUES ('ec' || :client_id || '-' || :r, 'payment', 'p' || :client_id || '-' || :r, 'payment.completed', mercato.bench_document()::jsonb, '', 1);
COMMIT;
