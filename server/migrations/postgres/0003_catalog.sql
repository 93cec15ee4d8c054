-- Catalog: the category tree as materialised paths, products (sort and filter columns beside the
-- full document), and variants for SKU uniqueness and lookup. Roots have parent_id '' (not NULL)
-- so that UNIQUE (parent_id, slug) holds among roots too. Ordered text is COLLATE "C" so that it
-- sorts byte-wise, exactly as SQLite's BINARY does.
CREATE TABLE catalog.categories (
  id            text COLLATE "C" PRIMARY KEY,
  parent_id     text COLLATE "C" NOT NULL,
  name          text NOT NULL,
  slug          text NOT NULL,
  path          text COLLATE "C" NOT NULL,
  position      integer NOT NULL,
  version       bigint NOT NULL,
  created_at_us bigint NOT NULL,
  updated_at_us bigint NOT NULL,
  UNIQUE (parent_id, slug)
);

CREATE TABLE catalog.products (
  id              text COLLATE "C" PRIMARY KEY,
  category_id     text COLLATE "C" NOT NULL REFERENCES catalog.categories (id),
  slug            text NOT NULL UNIQUE,
  name            text NOT NULL,
  name_key        text COLLATE "C" NOT NULL,
  search_text     text NOT NULL,
  status          integer NOT NULL,
  min_price_minor bigint NOT NULL,
  currency_code   text NOT NULL,
  in_stock        boolean NOT NULL,
  version         bigint NOT NULL,
  created_at_us   bigint NOT NULL,
  updated_at_us   bigint NOT NULL,
  document        jsonb NOT NULL
);
CREATE INDEX products_category ON catalog.products (category_id);
CREATE INDEX products_status_name ON catalog.products (status, name_key, id);
CREATE INDEX products_status_price ON catalog.products (status, min_price_minor, id);
CREATE INDEX products_status_created ON catalog.products (status, created_at_us, id);

CREATE TABLE catalog.variants (
  sku        text COLLATE "C" PRIMARY KEY,
  product_id text COLLATE "C" NOT NULL REFERENCES catalog.products (id) ON DELETE CASCADE
);
CREATE INDEX variants_product ON catalog.variants (product_id);
