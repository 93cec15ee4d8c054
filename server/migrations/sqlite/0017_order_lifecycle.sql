-- The order lifecycle after checkout (see the PostgreSQL schema).
ALTER TABLE orders ADD COLUMN payment_due_at_us INTEGER;
CREATE INDEX orders_payment_due ON orders (payment_due_at_us) WHERE payment_due_at_us IS NOT NULL;
CREATE INDEX orders_confirmed ON orders (id) WHERE status = 2 AND placement = 2;
