-- Shopping carts (see the PostgreSQL schema).
CREATE TABLE carts (
  id                 TEXT PRIMARY KEY,
  user_id            TEXT NOT NULL,
  currency_code      TEXT NOT NULL,
  version            INTEGER NOT NULL,
  created_at_us      INTEGER NOT NULL,
  document           TEXT NOT NULL
);
CREATE INDEX carts_by_user ON carts (user_id, created_at_us);
