-- Catalog: the category tree as materialised paths, products (sort and filter columns beside the
-- full document), and variants for SKU uniqueness and lookup. Roots have parent_id '' (not NULL)
-- so that UNIQUE (parent_id, slug) holds among roots too.
CREATE TABLE categories (
  id            TEXT NOT NULL PRIMARY KEY,
  parent_id     TEXT NOT NULL,
  name          TEXT NOT NULL,
  slug          TEXT NOT NULL,
  path          TEXT NOT NULL,
  position      INTEGER NOT NULL,
  version       INTEGER NOT NULL,
  created_at_us INTEGER NOT NULL,
  updated_at_us INTEGER NOT NULL,
  UNIQUE (parent_id, slug)
);

CREATE TABLE products (
  id              TEXT NOT NULL PRIMARY KEY,
  category_id     TEXT NOT NULL REFERENCES categories (id),
  slug            TEXT NOT NULL UNIQUE,
  name            TEXT NOT NULL,
  name_key        TEXT NOT NULL,
  search_text     TEXT NOT NULL,
  status          INTEGER NOT NULL,
  min_price_minor INTEGER NOT NULL,
  currency_code   TEXT NOT NULL,
  in_stock        INTEGER NOT NULL,
  version         INTEGER NOT NULL,
  created_at_us   INTEGER NOT NULL,
  updated_at_us   INTEGER NOT NULL,
  document        TEXT NOT NULL
);
CREATE INDEX products_category ON products (category_id);
CREATE INDEX products_status_name ON products (status, name_key, id);
CREATE INDEX products_status_price ON products (status, min_price_minor, id);
CREATE INDEX products_status_created ON products (status, created_at_us, id);

CREATE TABLE variants (
  sku        TEXT NOT NULL PRIMARY KEY,
  product_id TEXT NOT NULL REFERENCES products (id) ON DELETE CASCADE
);
CREATE INDEX variants_product ON variants (product_id);
