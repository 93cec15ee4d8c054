// Port: where carts live (PostgreSQL schema `orders`, SQLite). A cart is kept as its owner, its
// currency and its lines' SKUs and quantities: prices come from the catalog whenever it is read.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "mercato/v1/orders.pb.h"
#include "server/domain/error.h"
#include "server/domain/idempotency.h"

namespace mercato::domain {

class CartStore {
 public:
  // Changes a locked cart in place; an error leaves it as it was.
  using CartEdit = std::function<Status(v1::Cart& cart)>;

  virtual ~CartStore() = default;

  virtual Result<std::optional<v1::Cart>> FindCart(std::string const& id) = 0;
  // Saves a new cart, unless its owner has `max_per_user` carts already (RESOURCE_EXHAUSTED
  // TOO_MANY_CARTS). A replay of `idempotency` returns the cart the first call saved.
  virtual Result<v1::Cart> InsertCart(v1::Cart const& cart, IdempotencyKey const& idempotency, int max_per_user) = 0;
  // Under the cart's lock: NOT_FOUND when it is missing or not `user_id`'s; ABORTED
  // VERSION_MISMATCH when it is not at `expected_version`; otherwise `edit` changes it and it is
  // saved at the next version, updated at `now_us`. A replay of `idempotency` returns what the
  // first call saved.
  virtual Result<v1::Cart> ChangeCart(std::string const& id, std::string const& user_id, std::int64_t expected_version,
                                      IdempotencyKey const& idempotency, std::int64_t now_us,
                                      CartEdit const& edit) = 0;
};

}  // namespace mercato::domain
