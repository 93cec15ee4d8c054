-- One checkout with its cart line as mercatod runs it against PostgreSQL, statement for statement
-- (taken from log_statement=all of place_order_bench; run.sh passes the SKU, location, slot, zone,
-- documents of mercatod's sizes and the authorization's idempotency scope, whose colon a literal
-- here could not hold, as -D variables): GetCart; AddCartLine (SKU lookup, one
-- transaction, re-pricing); PlaceOrder: the placement lookup, cart and slot reads, step 1 (slot
-- booked, stock reserved, order PLACING, outbox rows), the authorization's two transactions,
-- step 3 (order placed, cart emptied). Each client is the customer of its own cart.
-- Left out: the outbox relay's sequencing and publishing (background, batched), the reads
-- mercatod makes only to answer. Added: the first statement, which finds the client's cart.
\set r random(1, 9000000000000000000)
SELECT id AS cart, user_id AS customer FROM orders.carts ORDER BY id OFFSET :client_id LIMIT 1 \gset
-- GetCart
SELECT document FROM orders.carts WHERE id = :cart;
-- AddCartLine
SELECT p.document AS document FROM catalog.variants v JOIN catalog.products p ON p.id = v.product_id WHERE v.sku = :sku;
BEGIN;
INSERT INTO mercato.idempotency_keys (operation, key, fingerprint, response, created_at_us)
  VALUES ('orders.AddCartLine@' || :customer, 'pgbench-add-' || :client_id || '-' || :r, 'fp', NULL, 1) ON CONFLICT (operation, key) DO NOTHING RETURNING operation, key;
SELECT document FROM orders.carts WHERE id = :cart FOR UPDATE;
UPDATE orders.carts SET version = version + 1, document = :cart_doc WHERE id = :cart;
UPDATE mercato.idempotency_keys SET response = :cart_response WHERE operation = 'orders.AddCartLine@' || :customer AND key = 'pgbench-add-' || :client_id || '-' || :r;
COMMIT;
SELECT p.document AS document FROM catalog.products p WHERE p.id IN (SELECT v.product_id FROM catalog.variants v WHERE v.sku IN (:sku));
-- PlaceOrder: before step 1
SELECT id, number, user_id, status, placement, request_id, request_fingerprint, cart_id, cart_version, payment_provider, payment_token, failure, next_attempt_at_us, version, created_at_us, document
  FROM orders.orders WHERE user_id = :customer AND request_id = 'pgbench-' || :client_id || '-' || :r;
SELECT document FROM orders.carts WHERE id = :cart;
SELECT p.document AS document FROM catalog.products p WHERE p.id IN (SELECT v.product_id FROM catalog.variants v WHERE v.sku IN (:sku));
SELECT generation FROM delivery.zone_generation WHERE id = 1;
SELECT id, zone_id, start_us, end_us, cutoff_us, capacity, booked, held, version FROM delivery.slots WHERE id = :slot;
-- step 1: stock and slot held, the order PLACING
BEGIN;
SELECT document FROM orders.carts WHERE id = :cart FOR UPDATE;
SELECT id, slot_id, order_id, state, hold_id, version, created_at_us, updated_at_us FROM delivery.slot_bookings
  WHERE state = 1 AND order_id IN ('pgbench-' || :client_id || '-' || :r) FOR UPDATE;
SELECT id, slot_id, cart_id, user_id, state, expires_at_us, booking_id, version, created_at_us, updated_at_us FROM delivery.slot_holds
  WHERE (state = 1 AND (user_id, cart_id) IN ((:customer, :cart))) ORDER BY id FOR UPDATE;
SELECT id, zone_id, start_us, end_us, cutoff_us, capacity, booked, held, version FROM delivery.slots WHERE id IN (:slot) ORDER BY id FOR UPDATE;
SELECT id FROM delivery.zones WHERE active AND NOT deleted AND id IN (:zone);
INSERT INTO delivery.slot_bookings (id, slot_id, order_id, state, hold_id, version, created_at_us, updated_at_us)
  VALUES ('pgbench-b-' || :client_id || '-' || :r, :slot, 'pgbench-' || :client_id || '-' || :r, 1, '', 1, 1, 1);
UPDATE delivery.slots SET booked = booked + 1, held = held + 0, version = version + 1 WHERE id = :slot;
INSERT INTO mercato.outbox (event_id, aggregate_type, aggregate_id, event_type, envelope, envelope_proto, occurred_at_us)
  VALUES ('pgbench-eb-' || :client_id || '-' || :r, 'slot_booking', 'pgbench-b-' || :client_id || '-' || :r, 'delivery.slot.booked', :envelope, :envelope_proto, 1);
SELECT sku, location_id, on_hand, reserved + 1 AS reserved_after, version + 1 AS version_after, updated_at_us FROM inventory.stock_items
  WHERE (sku = :sku AND location_id = :location) ORDER BY sku, location_id FOR UPDATE \gset
INSERT INTO inventory.reservations (id, state, expires_at_us, order_id, version, created_at_us, updated_at_us, lines)
  VALUES ('pgbench-r-' || :client_id || '-' || :r, 1, 1, 'pgbench-' || :client_id || '-' || :r, 1, 1, 1, :reservation_lines);
INSERT INTO inventory.stock_items (sku, location_id, on_hand, reserved, version, updated_at_us) VALUES (:sku, :location, :on_hand, :reserved_after, :version_after, 1)
  ON CONFLICT (sku, location_id) DO UPDATE SET on_hand = excluded.on_hand, reserved = excluded.reserved, version = excluded.version, updated_at_us = excluded.updated_at_us;
INSERT INTO inventory.movements (id, sku, location_id, kind, quantity, reason, actor, reservation_id, created_at_us)
  VALUES ('pgbench-m-' || :client_id || '-' || :r, :sku, :location, 3, 1, 'reserved', :customer, 'pgbench-r-' || :client_id || '-' || :r, 1);
INSERT INTO mercato.outbox (event_id, aggregate_type, aggregate_id, event_type, envelope, envelope_proto, occurred_at_us)
  VALUES ('pgbench-er-' || :client_id || '-' || :r, 'reservation', 'pgbench-r-' || :client_id || '-' || :r, 'inventory.reserved', :envelope, :envelope_proto, 1);
SELECT nextval('orders.order_numbers') AS next \gset
INSERT INTO orders.orders (id, number, user_id, status, placement, request_id, request_fingerprint, cart_id, cart_version, payment_provider, payment_token, failure, next_attempt_at_us, version, created_at_us, document)
  VALUES ('pgbench-' || :client_id || '-' || :r, 'M-2026-' || lpad(:next::text, 6, '0'), :customer, 0, 1, 'pgbench-' || :client_id || '-' || :r, 'fp', :cart, 1, 'test', 'tok_visa', NULL, 1, 0, 1, :order_doc);
COMMIT;
-- step 2: the authorization opened, the provider asked (in memory), the authorization settled
BEGIN;
INSERT INTO mercato.idempotency_keys (operation, key, fingerprint, response, created_at_us)
  VALUES (:authorize_operation, 'order-pgbench-' || :client_id || '-' || :r, 'fp', NULL, 1) ON CONFLICT (operation, key) DO NOTHING RETURNING operation, key;
INSERT INTO payments.payments (id, order_id, user_id, currency_code, amount_minor, captured_minor, refunded_minor, status, version, created_at_us, document)
  VALUES ('pgbench-p-' || :client_id || '-' || :r, 'pgbench-' || :client_id || '-' || :r, :customer, 'GBP', 649, 0, 0, 8, 1, 1, :payment_doc);
INSERT INTO payments.transactions (id, payment_id, currency_code, kind, amount_minor, status, provider_key, provider_token, final_capture, created_at_us, document)
  VALUES ('pgbench-t-' || :client_id || '-' || :r, 'pgbench-p-' || :client_id || '-' || :r, 'GBP', 1, 649, 1, 'pgbench-k-' || :client_id || '-' || :r, 'tok_visa', FALSE, 1, :transaction_doc);
UPDATE mercato.idempotency_keys SET response = :authorize_response
  WHERE operation = :authorize_operation AND key = 'order-pgbench-' || :client_id || '-' || :r;
SELECT t.document, t.provider_key, t.provider_token, t.final_capture, p.document AS payment_document
  FROM payments.transactions t JOIN payments.payments p ON p.id = t.payment_id WHERE t.id = 'pgbench-t-' || :client_id || '-' || :r;
COMMIT;
BEGIN;
SELECT 1 FROM payments.payments WHERE id = (SELECT payment_id FROM payments.transactions WHERE id = 'pgbench-t-' || :client_id || '-' || :r) FOR UPDATE;
SELECT t.document, t.provider_key, t.provider_token, t.final_capture, p.document AS payment_document
  FROM payments.transactions t JOIN payments.payments p ON p.id = t.payment_id WHERE t.id = 'pgbench-t-' || :client_id || '-' || :r FOR UPDATE OF t;
UPDATE payments.transactions SET status = 2, provider_token = '', document = :transaction_doc WHERE id = 'pgbench-t-' || :client_id || '-' || :r;
UPDATE payments.payments SET captured_minor = 0, refunded_minor = 0, status = 1, version = 2, document = :payment_doc
  WHERE id = 'pgbench-p-' || :client_id || '-' || :r AND order_id = 'pgbench-' || :client_id || '-' || :r AND user_id = :customer
    AND currency_code = 'GBP' AND amount_minor = 649 AND created_at_us = 1;
INSERT INTO mercato.outbox (event_id, aggregate_type, aggregate_id, event_type, envelope, envelope_proto, occurred_at_us)
  VALUES ('pgbench-ep-' || :client_id || '-' || :r, 'payment', 'pgbench-p-' || :client_id || '-' || :r, 'payment.authorized', :envelope, :envelope_proto, 1);
COMMIT;
-- step 3: the order placed, the cart emptied
BEGIN;
SELECT id, number, user_id, status, placement, request_id, request_fingerprint, cart_id, cart_version, payment_provider, payment_token, failure, next_attempt_at_us, version, created_at_us, document
  FROM orders.orders WHERE id = 'pgbench-' || :client_id || '-' || :r FOR UPDATE;
SELECT document FROM orders.carts WHERE id = :cart FOR UPDATE;
UPDATE orders.carts SET version = version + 1, document = :cart_doc WHERE id = :cart;
UPDATE orders.orders SET status = 1, placement = 2, payment_token = '', failure = NULL, version = 1, document = :order_doc
  WHERE id = 'pgbench-' || :client_id || '-' || :r;
INSERT INTO mercato.outbox (event_id, aggregate_type, aggregate_id, event_type, envelope, envelope_proto, occurred_at_us)
  VALUES ('pgbench-eo-' || :client_id || '-' || :r, 'order', 'pgbench-' || :client_id || '-' || :r, 'order.created', :envelope, :envelope_proto, 1);
COMMIT;
