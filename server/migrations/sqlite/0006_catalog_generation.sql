-- The catalog generation: bumped in the transaction of every catalog write, read before a cached
-- listing is looked up. It lives here, not in the cache, so that a cache that loses or keeps
-- data it should not can only cost hits, never serve a listing older than an acknowledged write.
CREATE TABLE catalog_generation (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  generation INTEGER NOT NULL
);
INSERT INTO catalog_generation (id, generation) VALUES (1, 0);
