-- Payments and their transaction ledger. The invariants are the database's: captured never above
-- the authorized amount, refunded never above captured, every transaction in its payment's
-- currency (a composite foreign key), one live payment per order, at most one transaction per
-- payment waiting for the provider's answer. Statuses and kinds are the proto enum numbers
-- (payments: 6 VOIDED, 7 FAILED; transactions: 1 PENDING). Card data has no column: a provider
-- token is kept only while its authorization waits for an answer.
CREATE SCHEMA IF NOT EXISTS payments;

CREATE TABLE payments.payments (
  id                 text COLLATE "C" PRIMARY KEY,
  order_id           text COLLATE "C" NOT NULL,
  user_id            text COLLATE "C" NOT NULL,
  currency_code      text NOT NULL,
  amount_minor       bigint NOT NULL,
  captured_minor     bigint NOT NULL,
  refunded_minor     bigint NOT NULL,
  status             integer NOT NULL,
  version            bigint NOT NULL,
  created_at_us      bigint NOT NULL,
  document           jsonb NOT NULL,
  UNIQUE (id, currency_code),
  CONSTRAINT payment_amounts CHECK (amount_minor > 0 AND captured_minor >= 0 AND captured_minor <= amount_minor
                                    AND refunded_minor >= 0 AND refunded_minor <= captured_minor)
);
CREATE UNIQUE INDEX payments_live_per_order ON payments.payments (order_id) WHERE status NOT IN (6, 7);
CREATE INDEX payments_by_user ON payments.payments (user_id, created_at_us, id);
CREATE INDEX payments_by_order ON payments.payments (order_id, created_at_us, id);

CREATE TABLE payments.transactions (
  id                 text COLLATE "C" PRIMARY KEY,
  payment_id         text COLLATE "C" NOT NULL,
  currency_code      text NOT NULL,
  kind               integer NOT NULL,
  amount_minor       bigint NOT NULL CHECK (amount_minor > 0),
  status             integer NOT NULL,
  provider_key       text COLLATE "C" NOT NULL UNIQUE,
  provider_token     text NOT NULL,
  final_capture      boolean NOT NULL,
  created_at_us      bigint NOT NULL,
  document           jsonb NOT NULL,
  FOREIGN KEY (payment_id, currency_code) REFERENCES payments.payments (id, currency_code)
);
CREATE UNIQUE INDEX transactions_one_pending ON payments.transactions (payment_id) WHERE status = 1;
CREATE INDEX transactions_pending_since ON payments.transactions (created_at_us) WHERE status = 1;
CREATE INDEX transactions_by_payment ON payments.transactions (payment_id, created_at_us, id);
