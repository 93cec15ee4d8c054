-- The hot row and a ledger for the pgbench scripts, shaped like inventory.stock_items and
-- inventory.movements but cut to the columns a reservation touches. run.sh loads it into a scratch
-- database before each script, so that every script starts from one fresh row.
CREATE SCHEMA IF NOT EXISTS inventory;
DROP TABLE IF EXISTS inventory.stock_items, inventory.movements;

CREATE TABLE inventory.stock_items (
  sku         text COLLATE "C" NOT NULL,
  location_id text COLLATE "C" NOT NULL,
  on_hand     bigint NOT NULL,
  reserved    bigint NOT NULL,
  version     bigint NOT NULL,
  PRIMARY KEY (sku, location_id),
  CONSTRAINT stock_never_oversold CHECK (reserved >= 0 AND reserved <= on_hand)
);

-- Each script writes one ledger row per reservation, as mercatod writes a movement (mercatod also
-- writes the reservation, an outbox row and an idempotency key, which the scripts leave out).
CREATE TABLE inventory.movements (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  sku         text COLLATE "C" NOT NULL,
  location_id text COLLATE "C" NOT NULL,
  kind        integer NOT NULL,
  quantity    bigint NOT NULL
);

-- More stock than any run can reserve, so that no script ever finds the SKU sold out.
INSERT INTO inventory.stock_items VALUES ('BENCH-HOT-SKU', 'BENCH-WH', 1000000000, 0, 1);

-- A missed compare-and-swap raised as serialization_failure, so that pgbench --max-tries runs the
-- version_cas script again: pgbench counts it as a retry, counts only successes in tps, and
-- measures a reservation's latency across all its tries.
CREATE OR REPLACE FUNCTION inventory.require_swapped(swapped bigint) RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN
  IF swapped = 0 THEN
    RAISE EXCEPTION 'the stock item''s version moved' USING ERRCODE = 'serialization_failure';
  END IF;
  RETURN swapped;
END
$$;
