-- The envelope also as its protobuf bytes (base64 text), which the relay and change streams read:
-- parsing protobuf JSON back cost the relay more CPU than everything else it does. The JSON column
-- stays for people and queries. NULL in rows written before.
ALTER TABLE outbox ADD COLUMN envelope_proto TEXT;
