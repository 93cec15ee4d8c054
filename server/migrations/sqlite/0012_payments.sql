-- Payments and their transaction ledger, with the PostgreSQL schema's invariants (see there).
CREATE TABLE payments (
  id                 TEXT PRIMARY KEY,
  order_id           TEXT NOT NULL,
  user_id            TEXT NOT NULL,
  currency_code      TEXT NOT NULL,
  amount_minor       INTEGER NOT NULL,
  captured_minor     INTEGER NOT NULL,
  refunded_minor     INTEGER NOT NULL,
  status             INTEGER NOT NULL,
  version            INTEGER NOT NULL,
  created_at_us      INTEGER NOT NULL,
  document           TEXT NOT NULL,
  UNIQUE (id, currency_code),
  CONSTRAINT payment_amounts CHECK (amount_minor > 0 AND captured_minor >= 0 AND captured_minor <= amount_minor
                                    AND refunded_minor >= 0 AND refunded_minor <= captured_minor)
);
CREATE UNIQUE INDEX payments_live_per_order ON payments (order_id) WHERE status NOT IN (6, 7);
CREATE INDEX payments_by_user ON payments (user_id, created_at_us, id);
CREATE INDEX payments_by_order ON payments (order_id, created_at_us, id);

CREATE TABLE transactions (
  id                 TEXT PRIMARY KEY,
  payment_id         TEXT NOT NULL,
  currency_code      TEXT NOT NULL,
  kind               INTEGER NOT NULL,
  amount_minor       INTEGER NOT NULL CHECK (amount_minor > 0),
  status             INTEGER NOT NULL,
  provider_key       TEXT NOT NULL UNIQUE,
  provider_token     TEXT NOT NULL,
  final_capture      INTEGER NOT NULL,
  created_at_us      INTEGER NOT NULL,
  document           TEXT NOT NULL,
  FOREIGN KEY (payment_id, currency_code) REFERENCES payments (id, currency_code)
);
CREATE UNIQUE INDEX transactions_one_pending ON transactions (payment_id) WHERE status = 1;
CREATE INDEX transactions_pending_since ON transactions (created_at_us) WHERE status = 1;
CREATE INDEX transactions_by_payment ON transactions (payment_id, created_at_us, id);
