-- (a) Pessimistic, the shape of mercatod's Reserve: lock the row, decide in the client, write,
-- commit. The row stays locked across the client's round trips until COMMIT.
BEGIN;
SELECT on_hand - reserved AS available FROM inventory.stock_items
  WHERE sku = 'BENCH-HOT-SKU' AND location_id = 'BENCH-WH' FOR UPDATE \gset
\if :available >= 1
UPDATE inventory.stock_items SET reserved = reserved + 1, version = version + 1
  WHERE sku = 'BENCH-HOT-SKU' AND location_id = 'BENCH-WH';
INSERT INTO inventory.movements (sku, location_id, kind, quantity) VALUES ('BENCH-HOT-SKU', 'BENCH-WH', 3, 1);
\endif
COMMIT;
