-- Orders and their checkout (see the PostgreSQL schema). SQLite has no sequences: one counter
-- row, which its single writer never contends for.
CREATE TABLE orders (
  id                    TEXT PRIMARY KEY,
  number                TEXT NOT NULL UNIQUE,
  user_id               TEXT NOT NULL,
  status                INTEGER NOT NULL,
  placement             INTEGER NOT NULL CHECK (placement IN (1, 2, 3)),
  request_id            TEXT NOT NULL,
  request_fingerprint   TEXT NOT NULL,
  cart_id               TEXT NOT NULL,
  cart_version          INTEGER NOT NULL,
  payment_provider      TEXT NOT NULL,
  payment_token         TEXT NOT NULL,
  failure               TEXT,
  next_attempt_at_us    INTEGER NOT NULL,
  version               INTEGER NOT NULL,
  created_at_us         INTEGER NOT NULL,
  document              TEXT NOT NULL,
  UNIQUE (user_id, request_id),
  CHECK (placement = 1 OR payment_token = '')
);
CREATE INDEX orders_by_user ON orders (user_id, created_at_us DESC, id DESC) WHERE placement = 2;
CREATE INDEX orders_by_created ON orders (created_at_us DESC, id DESC) WHERE placement = 2;
CREATE INDEX orders_placing ON orders (next_attempt_at_us) WHERE placement = 1;
-- One checkout of a cart at a time: a second one (another request_id, a double click, a retry
-- after an unknown payment outcome) is refused until the first is placed or failed.
CREATE UNIQUE INDEX orders_placing_per_cart ON orders (cart_id) WHERE placement = 1;

CREATE TABLE order_numbers (last INTEGER NOT NULL);
INSERT INTO order_numbers (last) VALUES (0);
