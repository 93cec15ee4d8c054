// Reading placed orders: a customer reads and lists only their own (another customer's order
// answers NOT_FOUND, exactly like a missing one); staff read any and list with filters. An order
// whose checkout has not ended, or failed, does not exist for anyone.
#pragma once

#include "mercato/v1/orders.pb.h"
#include "server/domain/error.h"
#include "server/domain/identity/principal.h"
#include "server/domain/orders/order_store.h"

namespace mercato::domain {

struct OrderListSettings {
  int default_page_size = 50;
  int max_page_size = 200;
};

class Orders {
 public:
  explicit Orders(OrderStore& store, OrderListSettings settings = {}) : store_(store), settings_(settings) {}

  Result<v1::Order> Get(std::string const& order_id, Principal const& caller);
  // Newest first. A customer's user_id filter is ignored: customers always list their own.
  Result<v1::ListOrdersResponse> List(v1::ListOrdersRequest const& request, Principal const& caller);
  Result<v1::GetOrderStatusHistoryResponse> GetStatusHistory(std::string const& order_id, Principal const& caller);

 private:
  OrderStore& store_;
  OrderListSettings settings_;
};

}  // namespace mercato::domain
