-- Inventory: stock per SKU and location (the CHECK makes overselling impossible even for a buggy
-- writer), the append-only movements ledger (triggers refuse UPDATE and DELETE) and reservations
-- (lines as a JSON document; the partial index is the sweeper's queue of ACTIVE ones by expiry).
-- Movement kinds and reservation states are the proto enum numbers (state 1 = ACTIVE).
CREATE TABLE stock_items (
  sku           TEXT NOT NULL,
  location_id   TEXT NOT NULL,
  on_hand       INTEGER NOT NULL,
  reserved      INTEGER NOT NULL,
  version       INTEGER NOT NULL,
  updated_at_us INTEGER NOT NULL,
  PRIMARY KEY (sku, location_id),
  CONSTRAINT stock_never_oversold CHECK (reserved >= 0 AND reserved <= on_hand)
);
CREATE INDEX stock_items_location ON stock_items (location_id, sku);

CREATE TABLE movements (
  id             TEXT PRIMARY KEY,
  sku            TEXT NOT NULL,
  location_id    TEXT NOT NULL,
  kind           INTEGER NOT NULL,
  quantity       INTEGER NOT NULL,
  reason         TEXT NOT NULL,
  actor          TEXT NOT NULL,
  reservation_id TEXT NOT NULL,
  created_at_us  INTEGER NOT NULL
);
CREATE INDEX movements_created ON movements (created_at_us, id);
CREATE INDEX movements_item ON movements (sku, location_id, created_at_us, id);
CREATE INDEX movements_reservation ON movements (reservation_id) WHERE reservation_id <> '';

CREATE TRIGGER movements_no_update BEFORE UPDATE ON movements
BEGIN
  SELECT RAISE(ABORT, 'movements is append-only: record a new movement instead');
END;
CREATE TRIGGER movements_no_delete BEFORE DELETE ON movements
BEGIN
  SELECT RAISE(ABORT, 'movements is append-only: record a new movement instead');
END;

CREATE TABLE reservations (
  id            TEXT PRIMARY KEY,
  state         INTEGER NOT NULL,
  expires_at_us INTEGER NOT NULL,
  order_id      TEXT NOT NULL,
  version       INTEGER NOT NULL,
  created_at_us INTEGER NOT NULL,
  updated_at_us INTEGER NOT NULL,
  lines         TEXT NOT NULL
);
CREATE INDEX reservations_due ON reservations (expires_at_us) WHERE state = 1;
