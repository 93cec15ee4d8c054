#include "server/domain/orders/orders.h"

#include <utility>

#include "server/domain/field_text.h"
#include "server/domain/page_token.h"
#include "server/domain/timestamp_micros.h"

namespace mercato::domain {

Result<v1::Order> Orders::Get(std::string const& order_id, Principal const& caller) {
  if (auto valid = CheckReference("order_id", order_id); !valid) return valid.error();
  auto found = store_.FindOrder(order_id);
  if (!found) return found.error();
  if (!*found || (*found)->placement != Placement::kPlaced ||
      (!caller.IsStaff() && (*found)->order.user_id() != caller.user_id)) {
    return NotFound("order", order_id);
  }
  return std::move((*found)->order);
}

Result<v1::ListOrdersResponse> Orders::List(v1::ListOrdersRequest const& request, Principal const& caller) {
  bool const staff = caller.IsStaff();
  OrderQuery query;
  if (!staff) {
    query.user_id = caller.user_id;
  } else if (!request.user_id().empty()) {
    if (auto valid = CheckReference("user_id", request.user_id()); !valid) return valid.error();
    query.user_id = request.user_id();
  }
  for (auto const status : request.statuses()) {
    if (status == v1::ORDER_STATUS_UNSPECIFIED || !v1::OrderStatus_IsValid(status)) {
      return InvalidArgument("statuses", "statuses holds a value that is not an order status");
    }
    query.statuses.push_back(static_cast<v1::OrderStatus>(status));
  }
  if (request.created().has_start_time()) query.created_from_us = ToMicros(request.created().start_time());
  if (request.created().has_end_time()) query.created_to_us = ToMicros(request.created().end_time());
  auto page = ReadPageRequest(request, settings_.default_page_size, settings_.max_page_size,
                              query.user_id.value_or(""));
  if (!page) return page.error();
  query.after = page->after;
  query.limit = page->size + 1;
  auto orders = store_.ListOrders(query);
  if (!orders) return orders.error();
  v1::ListOrdersResponse response;
  bool const more = CutToPage(*orders, page->size);
  for (auto& order : *orders) *response.add_orders() = std::move(order);
  if (more) {
    auto const& last = response.orders(response.orders_size() - 1);
    response.set_next_page_token(NextPageToken(*page, {ToMicros(last.created_at()), "", last.id()}));
  }
  return response;
}

Result<v1::GetOrderStatusHistoryResponse> Orders::GetStatusHistory(std::string const& order_id,
                                                                   Principal const& caller) {
  auto order = Get(order_id, caller);
  if (!order) return order.error();
  v1::GetOrderStatusHistoryResponse response;
  *response.mutable_status_history() = std::move(*order->mutable_status_history());
  response.set_order_version(order->version());
  return response;
}

}  // namespace mercato::domain
