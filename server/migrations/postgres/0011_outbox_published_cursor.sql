-- What the relay has published is a position, not a mark on every row: the sequencer gives
-- positions in order and the relay publishes in position order, so published rows are always
-- the prefix up to one position. Marking each row wrote it a third time and kept a partial index
-- whose dead entries every read waded through (the hot-slot benchmark spent more of PostgreSQL's
-- time on the relay than on bookings).
CREATE TABLE mercato.outbox_cursors (
  name     text PRIMARY KEY,
  position bigint NOT NULL
);
INSERT INTO mercato.outbox_cursors (name, position)
SELECT 'published', COALESCE(
  (SELECT MIN(position) - 1 FROM mercato.outbox WHERE published_at_us IS NULL AND position IS NOT NULL),
  (SELECT MAX(position) FROM mercato.outbox),
  0);
DROP INDEX mercato.outbox_unpublished;
ALTER TABLE mercato.outbox DROP COLUMN published_at_us;
