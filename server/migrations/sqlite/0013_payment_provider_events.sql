-- Provider webhook events already applied, by the provider's event id (see the PostgreSQL schema).
CREATE TABLE provider_events (
  event_id           TEXT PRIMARY KEY,
  received_at_us     INTEGER NOT NULL
);
