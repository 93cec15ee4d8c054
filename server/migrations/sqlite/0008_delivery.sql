-- Delivery: zones (the Zone message as a JSON document; its postcode patterns in a table of their
-- own, whose primary key lets a pattern belong to one zone only), a generation every zone write
-- bumps (instances rebuild their zone index when it moves), slots whose CHECK makes promising more
-- drops than capacity impossible even for a buggy writer, bookings (one ACTIVE per order), cart
-- holds (one ACTIVE per user's cart; the partial index is the sweeper's queue) and shipments with their
-- tracking events (in the shipment document). States and statuses are the proto enum numbers (1 = ACTIVE).

CREATE TABLE zones (
  id            TEXT PRIMARY KEY,
  name          TEXT NOT NULL,
  active        INTEGER NOT NULL,
  deleted       INTEGER NOT NULL DEFAULT 0,
  version       INTEGER NOT NULL,
  document      TEXT NOT NULL
);
CREATE INDEX zones_by_name ON zones (name, id) WHERE deleted = 0;

CREATE TABLE zone_postcodes (
  pattern TEXT PRIMARY KEY,
  zone_id TEXT NOT NULL REFERENCES zones (id)
);
CREATE INDEX zone_postcodes_zone ON zone_postcodes (zone_id);

CREATE TABLE zone_generation (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  generation INTEGER NOT NULL
);
INSERT INTO zone_generation (id, generation) VALUES (1, 0);

CREATE TABLE slots (
  id             TEXT PRIMARY KEY,
  zone_id        TEXT NOT NULL REFERENCES zones (id),
  start_us       INTEGER NOT NULL,
  end_us         INTEGER NOT NULL,
  cutoff_us      INTEGER NOT NULL,
  capacity       INTEGER NOT NULL,
  booked         INTEGER NOT NULL,
  held           INTEGER NOT NULL,
  version        INTEGER NOT NULL,
  CONSTRAINT slot_window CHECK (end_us > start_us AND cutoff_us <= start_us),
  CONSTRAINT slot_never_overbooked CHECK (booked >= 0 AND held >= 0 AND booked + held <= capacity),
  UNIQUE (zone_id, start_us)
);

CREATE TABLE slot_bookings (
  id            TEXT PRIMARY KEY,
  slot_id       TEXT NOT NULL REFERENCES slots (id),
  order_id      TEXT NOT NULL,
  state         INTEGER NOT NULL,
  hold_id       TEXT NOT NULL,
  version       INTEGER NOT NULL,
  created_at_us INTEGER NOT NULL,
  updated_at_us INTEGER NOT NULL
);
CREATE UNIQUE INDEX slot_bookings_one_per_order ON slot_bookings (order_id) WHERE state = 1;
CREATE INDEX slot_bookings_slot ON slot_bookings (slot_id, state);

CREATE TABLE slot_holds (
  id            TEXT PRIMARY KEY,
  slot_id       TEXT NOT NULL REFERENCES slots (id),
  cart_id       TEXT NOT NULL,
  user_id       TEXT NOT NULL,
  state         INTEGER NOT NULL,
  expires_at_us INTEGER NOT NULL,
  booking_id    TEXT NOT NULL,
  version       INTEGER NOT NULL,
  created_at_us INTEGER NOT NULL,
  updated_at_us INTEGER NOT NULL
);
CREATE UNIQUE INDEX slot_holds_one_per_cart ON slot_holds (user_id, cart_id) WHERE state = 1;
CREATE INDEX slot_holds_due ON slot_holds (expires_at_us) WHERE state = 1;
CREATE INDEX slot_holds_slot ON slot_holds (slot_id, state);

CREATE TABLE shipments (
  id              TEXT PRIMARY KEY,
  order_id        TEXT NOT NULL,
  slot_id         TEXT NOT NULL REFERENCES slots (id),
  status          INTEGER NOT NULL,
  customer_id     TEXT NOT NULL,
  version         INTEGER NOT NULL,
  created_at_us   INTEGER NOT NULL,
  document        TEXT NOT NULL
);
-- One live shipment per order: a RETURNED one (status 6) may be followed by a new attempt.
CREATE UNIQUE INDEX shipments_one_live_per_order ON shipments (order_id) WHERE status <> 6;
CREATE INDEX shipments_newest ON shipments (created_at_us, id);
CREATE INDEX shipments_slot ON shipments (slot_id, created_at_us, id);
CREATE INDEX shipments_customer ON shipments (customer_id, created_at_us, id) WHERE customer_id <> '';
