-- (b) Optimistic: read without a lock, decide in the client, then one statement that takes the
-- unit (and writes its ledger row) only if the version is still the one read. A miss raises
-- serialization_failure and pgbench (--max-tries=0) runs the script again: that is the retry.
SELECT on_hand - reserved AS available, version FROM inventory.stock_items
  WHERE sku = 'BENCH-HOT-SKU' AND location_id = 'BENCH-WH' \gset
\if :available >= 1
WITH swapped AS (
  UPDATE inventory.stock_items SET reserved = reserved + 1, version = version + 1
    WHERE sku = 'BENCH-HOT-SKU' AND location_id = 'BENCH-WH' AND version = :version
    RETURNING sku, location_id
), ledger AS (
  INSERT INTO inventory.movements (sku, location_id, kind, quantity) SELECT sku, location_id, 3, 1 FROM swapped
)
SELECT inventory.require_swapped(count(*)) FROM swapped;
\endif
