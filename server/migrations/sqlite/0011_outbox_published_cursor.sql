-- What the relay has published is a position, not a mark on every row: the sequencer gives
-- positions in order and the relay publishes in position order, so published rows are always
-- the prefix up to one position (see the PostgreSQL migration for the measurements).
CREATE TABLE outbox_cursors (
  name     TEXT PRIMARY KEY,
  position INTEGER NOT NULL
);
INSERT INTO outbox_cursors (name, position)
SELECT 'published', COALESCE(
  (SELECT MIN(position) - 1 FROM outbox WHERE published_at_us IS NULL AND position IS NOT NULL),
  (SELECT MAX(position) FROM outbox),
  0);
DROP INDEX outbox_unpublished;
ALTER TABLE outbox DROP COLUMN published_at_us;
