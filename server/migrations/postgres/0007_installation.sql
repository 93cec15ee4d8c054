-- This database's own random id. mercatod puts it in every Redis key it writes, so that two
-- databases sharing one Redis and one key prefix (staging beside production, a database dropped
-- and created again) never read each other's cached listings, sessions or rate limits.
CREATE TABLE mercato.installation (
  id              INTEGER PRIMARY KEY CHECK (id = 1),
  installation_id TEXT NOT NULL
);
INSERT INTO mercato.installation (id, installation_id) VALUES (1, replace(gen_random_uuid()::text, '-', ''));
