-- Provider webhook events already applied, by the provider's event id: a redelivered event is
-- recognised and changes nothing.
CREATE TABLE payments.provider_events (
  event_id           text COLLATE "C" PRIMARY KEY,
  received_at_us     bigint NOT NULL
);
