-- The hot slot and its bookings for the pgbench script, shaped like delivery.slots and
-- delivery.slot_bookings but cut to the columns a booking touches. run.sh loads it into a scratch
-- database before the script, so that it starts from one fresh row.
CREATE SCHEMA IF NOT EXISTS delivery;
DROP TABLE IF EXISTS delivery.slots, delivery.slot_bookings;

CREATE TABLE delivery.slots (
  id       text COLLATE "C" PRIMARY KEY,
  capacity integer NOT NULL,
  booked   integer NOT NULL,
  held     integer NOT NULL,
  version  bigint NOT NULL,
  CONSTRAINT slot_never_overbooked CHECK (booked >= 0 AND held >= 0 AND booked + held <= capacity)
);

-- One booking row per unit, as mercatod writes one (mercatod also writes an outbox row and an
-- idempotency key, which the script leaves out).
CREATE TABLE delivery.slot_bookings (
  id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  slot_id  text COLLATE "C" NOT NULL,
  order_id text COLLATE "C" NOT NULL,
  state    integer NOT NULL
);

-- More capacity than any run books, so that the script never finds the slot full.
INSERT INTO delivery.slots VALUES ('BENCH-HOT-SLOT', 1000000, 0, 0, 1);
