-- The newest fencing token each lease lock's holders wrote with (lease_lock.h): a write carrying
-- an older one comes from a holder whose lease ran out, and is refused.
CREATE TABLE mercato.fencing_tokens (
  name  text COLLATE "C" PRIMARY KEY,
  token bigint NOT NULL
);
