-- The newest fencing token each lease lock's holders wrote with (lease_lock.h): a write carrying
-- an older one comes from a holder whose lease ran out, and is refused.
CREATE TABLE fencing_tokens (
  name  TEXT PRIMARY KEY,
  token INTEGER NOT NULL
);
