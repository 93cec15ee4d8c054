-- The order lifecycle after checkout. payment_due_at_us: a cancelled order whose payment is still
-- to be voided or refunded, and when the follow-up may next try (NULL: nothing due). The
-- confirmed-orders index finds those whose payment was captured, to mark them PAID.
ALTER TABLE orders.orders ADD COLUMN payment_due_at_us bigint;
CREATE INDEX orders_payment_due ON orders.orders (payment_due_at_us) WHERE payment_due_at_us IS NOT NULL;
CREATE INDEX orders_confirmed ON orders.orders (id) WHERE status = 2 AND placement = 2;
