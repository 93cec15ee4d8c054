// The CartStore port over SQL: a cart as its Cart message in JSON (lines with SKU and quantity
// only), with the owner, currency and version in columns.
#pragma once

#include <optional>

#include "server/adapters/sql/sql_database.h"
#include "server/domain/clock.h"
#include "server/domain/orders/cart_store.h"

namespace mercato::adapters {

// Inside a transaction another store runs (checkout): cart `id` locked, NOT_FOUND when it is
// missing or not `user_id`'s, ABORTED VERSION_MISMATCH when it is not at `expected_version` (if given).
domain::Result<v1::Cart> LockCartInSession(SqlSession& session, std::string const& id, std::string const& user_id,
                                           std::optional<std::int64_t> expected_version);
// Saves a cart changed under that lock, at its next version, updated at `now_us`; returns it so.
domain::Result<v1::Cart> SaveCartInSession(SqlSession& session, v1::Cart cart, std::int64_t now_us);

class SqlCartStore final : public domain::CartStore {
 public:
  // `clock` stamps idempotency keys.
  SqlCartStore(SqlDatabase& db, domain::Clock& clock) : db_(db), clock_(clock) {}

  domain::Result<std::optional<v1::Cart>> FindCart(std::string const& id) override;
  domain::Result<v1::Cart> InsertCart(v1::Cart const& cart, domain::IdempotencyKey const& idempotency,
                                      int max_per_user) override;
  domain::Result<v1::Cart> ChangeCart(std::string const& id, std::string const& user_id, std::int64_t expected_version,
                                      domain::IdempotencyKey const& idempotency, std::int64_t now_us,
                                      CartEdit const& edit) override;

 private:
  SqlDatabase& db_;
  domain::Clock& clock_;
};

}  // namespace mercato::adapters
