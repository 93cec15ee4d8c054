-- Users: accounts (one row each; email stored normalised and unique case-insensitively; roles as a
-- bit set: 1 customer, 2 staff, 4 service; only an argon2id hash of the password) and saved
-- delivery addresses (the UserAddress document beside its owner, default flag and version). At
-- most one default address per user. Ordered text is COLLATE "C", as in the catalog.
CREATE SCHEMA IF NOT EXISTS users;

CREATE TABLE users.users (
  id               text COLLATE "C" PRIMARY KEY,
  email            text COLLATE "C" NOT NULL,
  display_name     text NOT NULL,
  display_name_key text COLLATE "C" NOT NULL,
  phone            text NOT NULL,
  roles            integer NOT NULL,
  status           integer NOT NULL,
  password_hash    text NOT NULL,
  version          bigint NOT NULL,
  created_at_us    bigint NOT NULL,
  updated_at_us    bigint NOT NULL
);
CREATE UNIQUE INDEX users_email ON users.users (lower(email));
CREATE INDEX users_created ON users.users (created_at_us, id);

CREATE TABLE users.addresses (
  id            text COLLATE "C" PRIMARY KEY,
  user_id       text COLLATE "C" NOT NULL REFERENCES users.users (id) ON DELETE CASCADE,
  is_default    boolean NOT NULL,
  version       bigint NOT NULL,
  created_at_us bigint NOT NULL,
  updated_at_us bigint NOT NULL,
  document      jsonb NOT NULL
);
CREATE INDEX addresses_user ON users.addresses (user_id, is_default, id);
CREATE UNIQUE INDEX addresses_one_default ON users.addresses (user_id) WHERE is_default;
