-- This database's own random id. mercatod puts it in every Redis key it writes, so that two
-- databases sharing one Redis and one key prefix never read each other's cached listings,
-- sessions or rate limits.
CREATE TABLE installation (
  id              INTEGER PRIMARY KEY CHECK (id = 1),
  installation_id TEXT NOT NULL
);
INSERT INTO installation (id, installation_id) VALUES (1, lower(hex(randomblob(16))));
