-- Delivery: zones (the Zone message as a JSON document; its postcode patterns in a table of their
-- own, whose primary key lets a pattern belong to one zone only), a generation every zone write
-- bumps (instances rebuild their zone index when it moves), slots whose CHECK makes promising more
-- drops than capacity impossible even for a buggy writer, bookings (one ACTIVE per order), cart
-- holds (one ACTIVE per user's cart; the partial index is the sweeper's queue) and shipments with their
-- tracking events (in the shipment document). States and statuses are the proto enum numbers (1 = ACTIVE).
CREATE SCHEMA IF NOT EXISTS delivery;

CREATE TABLE delivery.zones (
  id            text COLLATE "C" PRIMARY KEY,
  name          text COLLATE "C" NOT NULL,
  active        boolean NOT NULL,
  deleted       boolean NOT NULL DEFAULT false,
  version       bigint NOT NULL,
  document      jsonb NOT NULL
);
CREATE INDEX zones_by_name ON delivery.zones (name, id) WHERE NOT deleted;

CREATE TABLE delivery.zone_postcodes (
  pattern text COLLATE "C" PRIMARY KEY,
  zone_id text COLLATE "C" NOT NULL REFERENCES delivery.zones (id)
);
CREATE INDEX zone_postcodes_zone ON delivery.zone_postcodes (zone_id);

CREATE TABLE delivery.zone_generation (
  id         integer PRIMARY KEY CHECK (id = 1),
  generation bigint NOT NULL
);
INSERT INTO delivery.zone_generation (id, generation) VALUES (1, 0);

CREATE TABLE delivery.slots (
  id             text COLLATE "C" PRIMARY KEY,
  zone_id        text COLLATE "C" NOT NULL REFERENCES delivery.zones (id),
  start_us       bigint NOT NULL,
  end_us         bigint NOT NULL,
  cutoff_us      bigint NOT NULL,
  capacity       integer NOT NULL,
  booked         integer NOT NULL,
  held           integer NOT NULL,
  version        bigint NOT NULL,
  CONSTRAINT slot_window CHECK (end_us > start_us AND cutoff_us <= start_us),
  CONSTRAINT slot_never_overbooked CHECK (booked >= 0 AND held >= 0 AND booked + held <= capacity),
  UNIQUE (zone_id, start_us)
);

CREATE TABLE delivery.slot_bookings (
  id            text COLLATE "C" PRIMARY KEY,
  slot_id       text COLLATE "C" NOT NULL REFERENCES delivery.slots (id),
  order_id      text COLLATE "C" NOT NULL,
  state         integer NOT NULL,
  hold_id       text COLLATE "C" NOT NULL,
  version       bigint NOT NULL,
  created_at_us bigint NOT NULL,
  updated_at_us bigint NOT NULL
);
CREATE UNIQUE INDEX slot_bookings_one_per_order ON delivery.slot_bookings (order_id) WHERE state = 1;
CREATE INDEX slot_bookings_slot ON delivery.slot_bookings (slot_id, state);

CREATE TABLE delivery.slot_holds (
  id            text COLLATE "C" PRIMARY KEY,
  slot_id       text COLLATE "C" NOT NULL REFERENCES delivery.slots (id),
  cart_id       text COLLATE "C" NOT NULL,
  user_id       text COLLATE "C" NOT NULL,
  state         integer NOT NULL,
  expires_at_us bigint NOT NULL,
  booking_id    text COLLATE "C" NOT NULL,
  version       bigint NOT NULL,
  created_at_us bigint NOT NULL,
  updated_at_us bigint NOT NULL
);
CREATE UNIQUE INDEX slot_holds_one_per_cart ON delivery.slot_holds (user_id, cart_id) WHERE state = 1;
CREATE INDEX slot_holds_due ON delivery.slot_holds (expires_at_us) WHERE state = 1;
CREATE INDEX slot_holds_slot ON delivery.slot_holds (slot_id, state);

CREATE TABLE delivery.shipments (
  id              text COLLATE "C" PRIMARY KEY,
  order_id        text COLLATE "C" NOT NULL,
  slot_id         text COLLATE "C" NOT NULL REFERENCES delivery.slots (id),
  status          integer NOT NULL,
  customer_id     text COLLATE "C" NOT NULL,
  version         bigint NOT NULL,
  created_at_us   bigint NOT NULL,
  document        jsonb NOT NULL
);
-- One live shipment per order: a RETURNED one (status 6) may be followed by a new attempt.
CREATE UNIQUE INDEX shipments_one_live_per_order ON delivery.shipments (order_id) WHERE status <> 6;
CREATE INDEX shipments_newest ON delivery.shipments (created_at_us, id);
CREATE INDEX shipments_slot ON delivery.shipments (slot_id, created_at_us, id);
CREATE INDEX shipments_customer ON delivery.shipments (customer_id, created_at_us, id) WHERE customer_id <> '';
