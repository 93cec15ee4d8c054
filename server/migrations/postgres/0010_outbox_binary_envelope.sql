-- The envelope also as its protobuf bytes (base64 text), which the relay and change streams read:
-- parsing protobuf JSON back cost the relay more CPU than everything else it does. The jsonb
-- column stays for people and queries (psql, envelope->>'event_type'). NULL in rows written before.
ALTER TABLE mercato.outbox ADD COLUMN envelope_proto text;
