-- One conditional statement: the database checks the remaining capacity and takes the unit under
-- the row lock it holds only for this statement and its commit; the booking row comes with it.
WITH taken AS (
  UPDATE delivery.slots SET booked = booked + 1, version = version + 1
    WHERE id = 'BENCH-HOT-SLOT' AND booked + held < capacity
    RETURNING id
)
INSERT INTO delivery.slot_bookings (slot_id, order_id, state) SELECT id, 'pgbench', 1 FROM taken;
