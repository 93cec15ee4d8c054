-- (c) One conditional statement: the database checks availability and takes the unit under the
-- row lock it holds only for this statement and its commit; the ledger row comes with it.
WITH taken AS (
  UPDATE inventory.stock_items SET reserved = reserved + 1, version = version + 1
    WHERE sku = 'BENCH-HOT-SKU' AND location_id = 'BENCH-WH' AND on_hand - reserved >= 1
    RETURNING sku, location_id
)
INSERT INTO inventory.movements (sku, location_id, kind, quantity) SELECT sku, location_id, 3, 1 FROM taken;
