-- Inventory: stock per SKU and location (the CHECK makes overselling impossible even for a buggy
-- writer), the append-only movements ledger (a trigger refuses UPDATE and DELETE) and reservations
-- (lines as a JSON document; the partial index is the sweeper's queue of ACTIVE ones by expiry).
-- Movement kinds and reservation states are the proto enum numbers (state 1 = ACTIVE).
CREATE SCHEMA IF NOT EXISTS inventory;

CREATE TABLE inventory.stock_items (
  sku           text COLLATE "C" NOT NULL,
  location_id   text COLLATE "C" NOT NULL,
  on_hand       bigint NOT NULL,
  reserved      bigint NOT NULL,
  version       bigint NOT NULL,
  updated_at_us bigint NOT NULL,
  PRIMARY KEY (sku, location_id),
  CONSTRAINT stock_never_oversold CHECK (reserved >= 0 AND reserved <= on_hand)
);
CREATE INDEX stock_items_location ON inventory.stock_items (location_id, sku);

CREATE TABLE inventory.movements (
  id             text COLLATE "C" PRIMARY KEY,
  sku            text COLLATE "C" NOT NULL,
  location_id    text COLLATE "C" NOT NULL,
  kind           integer NOT NULL,
  quantity       bigint NOT NULL,
  reason         text NOT NULL,
  actor          text NOT NULL,
  reservation_id text COLLATE "C" NOT NULL,
  created_at_us  bigint NOT NULL
);
CREATE INDEX movements_created ON inventory.movements (created_at_us, id);
CREATE INDEX movements_item ON inventory.movements (sku, location_id, created_at_us, id);
CREATE INDEX movements_reservation ON inventory.movements (reservation_id) WHERE reservation_id <> '';

CREATE FUNCTION inventory.refuse_ledger_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'inventory.movements is append-only: record a new movement instead';
END
$$;
CREATE TRIGGER movements_append_only BEFORE UPDATE OR DELETE ON inventory.movements
  FOR EACH ROW EXECUTE FUNCTION inventory.refuse_ledger_rewrite();

CREATE TABLE inventory.reservations (
  id            text COLLATE "C" PRIMARY KEY,
  state         integer NOT NULL,
  expires_at_us bigint NOT NULL,
  order_id      text NOT NULL,
  version       bigint NOT NULL,
  created_at_us bigint NOT NULL,
  updated_at_us bigint NOT NULL,
  lines         jsonb NOT NULL
);
CREATE INDEX reservations_due ON inventory.reservations (expires_at_us) WHERE state = 1;
