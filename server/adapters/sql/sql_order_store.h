// The OrderStore port over SQL: an order as its Order message in JSON, with what listing and the
// checkout need in columns. A checkout's two transactions run the inventory's, the slots' and the
// carts' own SQL in one session (their *InSession functions), so that stock, slot capacity, cart
// and order commit together or not at all.
#pragma once

#include "server/adapters/sql/sql_database.h"
#include "server/domain/orders/order_store.h"

namespace mercato::adapters {

class SqlOrderStore final : public domain::OrderStore {
 public:
  explicit SqlOrderStore(SqlDatabase& db) : db_(db) {}

  domain::Result<std::optional<domain::StoredOrder>> FindOrder(std::string const& id) override;
  domain::Result<std::optional<domain::StoredOrder>> FindPlacement(std::string const& user_id,
                                                                   std::string const& request_id) override;
  domain::Result<std::vector<v1::Order>> ListOrders(domain::OrderQuery const& query) override;
  domain::Result<domain::StoredOrder> BeginPlacement(domain::StoredOrder const& placing,
                                                     domain::PlacementHolds const& holds) override;
  domain::Result<domain::StoredOrder> EndPlacement(std::string const& order_id,
                                                   domain::PlacementEnd const& end) override;
  domain::Result<std::vector<domain::StoredOrder>> ClaimDuePlacements(std::int64_t now_us,
                                                                      std::int64_t retry_after_us,
                                                                      int limit) override;
  domain::Result<v1::Order> ChangeOrder(std::string const& id, domain::IdempotencyKey const& idempotency,
                                        std::int64_t now_us, OrderDecision const& decide) override;
  domain::Result<std::vector<v1::Order>> ClaimDuePaymentFollowUps(std::int64_t now_us, std::int64_t retry_after_us,
                                                                  int limit) override;
  domain::Status EndPaymentFollowUp(std::string const& id) override;
  domain::Result<std::vector<std::string>> ListCapturedConfirmed(int limit) override;

 private:
  SqlDatabase& db_;
};

}  // namespace mercato::adapters
