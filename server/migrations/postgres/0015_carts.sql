-- Shopping carts: the owner, the currency and the lines' SKUs and quantities (the document, a
-- Cart message without prices: a cart is priced from the catalog whenever it is read).
CREATE SCHEMA IF NOT EXISTS orders;

CREATE TABLE orders.carts (
  id                 text COLLATE "C" PRIMARY KEY,
  user_id            text COLLATE "C" NOT NULL,
  currency_code      text NOT NULL,
  version            bigint NOT NULL,
  created_at_us      bigint NOT NULL,
  document           jsonb NOT NULL
);
CREATE INDEX carts_by_user ON orders.carts (user_id, created_at_us);
