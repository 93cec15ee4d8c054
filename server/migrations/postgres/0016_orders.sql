-- Orders and their checkout. A row is written PLACING by checkout's first transaction (stock and
-- slot held), then PLACED or FAILED by its last; only PLACED orders are shown. (user_id,
-- request_id) is PlaceOrder's idempotency key: a retried checkout finds its first attempt. The
-- payment token is kept only while the placement waits for the provider (placement 1). The
-- document is the Order message (items priced at placement, totals, address, history); status and
-- created_at_us are copied into columns for listing. Numbers come from a sequence, which never
-- waits on a lock, so checkouts do not queue behind one counter row.
CREATE TABLE orders.orders (
  id                    text COLLATE "C" PRIMARY KEY,
  number                text COLLATE "C" NOT NULL UNIQUE,
  user_id               text COLLATE "C" NOT NULL,
  status                integer NOT NULL,
  placement             integer NOT NULL CHECK (placement IN (1, 2, 3)),
  request_id            text COLLATE "C" NOT NULL,
  request_fingerprint   text NOT NULL,
  cart_id               text COLLATE "C" NOT NULL,
  cart_version          bigint NOT NULL,
  payment_provider      text NOT NULL,
  payment_token         text NOT NULL,
  failure               jsonb,
  next_attempt_at_us    bigint NOT NULL,
  version               bigint NOT NULL,
  created_at_us         bigint NOT NULL,
  document              jsonb NOT NULL,
  UNIQUE (user_id, request_id),
  CHECK (placement = 1 OR payment_token = '')
);
CREATE INDEX orders_by_user ON orders.orders (user_id, created_at_us DESC, id DESC) WHERE placement = 2;
CREATE INDEX orders_by_created ON orders.orders (created_at_us DESC, id DESC) WHERE placement = 2;
CREATE INDEX orders_placing ON orders.orders (next_attempt_at_us) WHERE placement = 1;
-- One checkout of a cart at a time: a second one (another request_id, a double click, a retry
-- after an unknown payment outcome) is refused until the first is placed or failed.
CREATE UNIQUE INDEX orders_placing_per_cart ON orders.orders (cart_id) WHERE placement = 1;

CREATE SEQUENCE orders.order_numbers;
