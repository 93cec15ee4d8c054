#include "server/domain/inventory/stock_keeping.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <utility>

#include "server/domain/events/event_factory.h"
#include "server/domain/fingerprint.h"
#include "server/domain/identity/request_keys.h"
#include "server/domain/inventory/inventory_rules.h"
#include "server/domain/page_token.h"

namespace mercato::domain {
namespace {

using google::protobuf::util::TimeUtil;

v1::StockChanged StockChangedPayload(v1::StockItem const& item, v1::Movement const& movement) {
  v1::StockChanged payload;
  payload.set_sku(item.sku());
  payload.set_location_id(item.location_id());
  payload.set_on_hand(item.on_hand());
  payload.set_reserved(item.reserved());
  payload.set_available(item.available());
  payload.set_version(item.version());
  *payload.mutable_movement() = movement;
  return payload;
}

}  // namespace

Result<PageRequest> StockKeeping::ReadPage(google::protobuf::Message const& request) const {
  return ReadPageRequest(request, context_.settings.default_page_size, context_.settings.max_page_size);
}

Result<v1::StockItem> StockKeeping::GetStock(v1::GetStockRequest const& request) {
  if (auto key = CheckStockKey(request.sku(), request.location_id(), ""); !key) return key.error();
  v1::StockKey key;
  key.set_sku(request.sku());
  key.set_location_id(request.location_id());
  auto items = context_.store.GetStock({key});
  if (!items) return items.error();
  return std::move(items->front());
}

Result<v1::BatchGetStockResponse> StockKeeping::BatchGetStock(v1::BatchGetStockRequest const& request) {
  if (request.keys().empty()) return InvalidArgument("keys", "keys is empty: ask for at least one stock item");
  if (request.keys_size() > context_.settings.max_batch_keys) {
    return InvalidArgument("keys", "at most " + std::to_string(context_.settings.max_batch_keys) +
                                       " keys per call; split the batch");
  }
  for (int i = 0; i < request.keys_size(); ++i) {
    auto const& key = request.keys(i);
    if (auto checked = CheckStockKey(key.sku(), key.location_id(), "keys[" + std::to_string(i) + "]."); !checked) {
      return checked.error();
    }
  }
  auto items = context_.store.GetStock({request.keys().begin(), request.keys().end()});
  if (!items) return items.error();
  v1::BatchGetStockResponse response;
  for (auto& item : *items) *response.add_stock_items() = std::move(item);
  return response;
}

Result<v1::ListStockResponse> StockKeeping::ListStock(v1::ListStockRequest const& request) {
  auto page = ReadPage(request);
  if (!page) return page.error();
  StockQuery query;
  query.after = page->after;
  if (request.has_location_id()) query.location_id = request.location_id();
  if (request.has_low_stock_threshold()) query.low_stock_threshold = request.low_stock_threshold();
  query.limit = page->size + 1;
  auto items = context_.store.ListStock(query);
  if (!items) return items.error();
  v1::ListStockResponse response;
  bool const more = CutToPage(*items, page->size);
  for (auto& item : *items) *response.add_stock_items() = std::move(item);
  if (more) {
    auto const& last = response.stock_items(response.stock_items_size() - 1);
    response.set_next_page_token(NextPageToken(*page, {0, last.sku(), last.location_id()}));
  }
  return response;
}

Result<v1::AdjustStockResponse> StockKeeping::AdjustStock(v1::AdjustStockRequest const& request,
                                                          Principal const& caller) {
  if (auto valid = CheckAdjustment(request); !valid) return valid.error();
  auto const now = context_.clock.NowMicros();
  v1::Movement movement;
  movement.set_id(context_.ids.NewId());
  movement.set_sku(request.sku());
  movement.set_location_id(request.location_id());
  movement.set_kind(request.kind());
  movement.set_quantity(request.delta());
  movement.set_reason(request.reason());
  movement.set_actor(caller.actor());
  *movement.mutable_created_at() = TimeUtil::MicrosecondsToTimestamp(now);
  EventContext const event_context{context_.ids.NewId(), now, request.request_id(), caller.actor()};

  v1::StockKey key;
  key.set_sku(request.sku());
  key.set_location_id(request.location_id());
  auto decide = [&](std::vector<v1::StockItem> const& current) -> Result<InventoryChange> {
    v1::StockItem item = current.front();
    if (item.version() != request.expected_version()) {
      return VersionMismatch("stock item", StockName(item.sku(), item.location_id()), request.expected_version(),
                             item.version());
    }
    if (auto applied = ApplyMovement(item, request.kind(), request.delta()); !applied) return applied.error();
    item.set_version(item.version() + 1);
    *item.mutable_updated_at() = movement.created_at();
    InventoryChange change;
    change.event = MakeEvent(event_context, "inventory.adjusted", "stock_item", StockName(item.sku(), item.location_id()),
                             item.version(), StockChangedPayload(item, movement));
    change.stock_items.push_back(std::move(item));
    change.movements.push_back(movement);
    return change;
  };
  return context_.store.AdjustStock(key, CallerScopedKey("inventory.AdjustStock", request.request_id(), request, caller),
                                    decide);
}

Result<v1::ListMovementsResponse> StockKeeping::ListMovements(v1::ListMovementsRequest const& request) {
  auto page = ReadPage(request);
  if (!page) return page.error();
  MovementQuery query;
  query.after = page->after;
  if (request.has_sku()) query.sku = request.sku();
  if (request.has_location_id()) query.location_id = request.location_id();
  if (request.has_reservation_id()) query.reservation_id = request.reservation_id();
  if (request.created().has_start_time()) {
    query.created_from_us = TimeUtil::TimestampToMicroseconds(request.created().start_time());
  }
  if (request.created().has_end_time()) {
    query.created_to_us = TimeUtil::TimestampToMicroseconds(request.created().end_time());
  }
  query.limit = page->size + 1;
  auto movements = context_.store.ListMovements(query);
  if (!movements) return movements.error();
  v1::ListMovementsResponse response;
  bool const more = CutToPage(*movements, page->size);
  for (auto& movement : *movements) *response.add_movements() = std::move(movement);
  if (more) {
    auto const& last = response.movements(response.movements_size() - 1);
    response.set_next_page_token(
        NextPageToken(*page, {TimeUtil::TimestampToMicroseconds(last.created_at()), "", last.id()}));
  }
  return response;
}

}  // namespace mercato::domain
