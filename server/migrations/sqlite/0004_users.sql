-- Users: accounts (one row each; email stored normalised and unique case-insensitively; roles as a
-- bit set: 1 customer, 2 staff, 4 service; only an argon2id hash of the password) and saved
-- delivery addresses (the UserAddress document beside its owner, default flag and version). At
-- most one default address per user.
CREATE TABLE users (
  id               TEXT NOT NULL PRIMARY KEY,
  email            TEXT NOT NULL,
  display_name     TEXT NOT NULL,
  display_name_key TEXT NOT NULL,
  phone            TEXT NOT NULL,
  roles            INTEGER NOT NULL,
  status           INTEGER NOT NULL,
  password_hash    TEXT NOT NULL,
  version          INTEGER NOT NULL,
  created_at_us    INTEGER NOT NULL,
  updated_at_us    INTEGER NOT NULL
);
CREATE UNIQUE INDEX users_email ON users (lower(email));
CREATE INDEX users_created ON users (created_at_us, id);

CREATE TABLE addresses (
  id            TEXT NOT NULL PRIMARY KEY,
  user_id       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  is_default    INTEGER NOT NULL,
  version       INTEGER NOT NULL,
  created_at_us INTEGER NOT NULL,
  updated_at_us INTEGER NOT NULL,
  document      TEXT NOT NULL
);
CREATE INDEX addresses_user ON addresses (user_id, is_default, id);
CREATE UNIQUE INDEX addresses_one_default ON addresses (user_id) WHERE is_default;
