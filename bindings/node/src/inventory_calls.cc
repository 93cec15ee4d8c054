// ClientHandle's inventory methods: each reads its arguments into C++ values, then starts one
// asynchronous SDK call (promise_call.h) over InventoryClient (or, for lists, returns a ListCursor
// that fetches pages on demand).
// Keys, retries and the conflict retry of adjustStock are the SDK's.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "client_handle.h"
#include "js_args.h"
#include "js_error.h"
#include "list_cursor.h"
#include "proto_js.h"
#include "promise_call.h"

namespace mercato::node {
namespace {

Napi::Value StockItemsToJs(Napi::Env env, std::vector<v1::StockItem> const& items) {
  Napi::Array array = Napi::Array::New(env, items.size());
  for (std::size_t i = 0; i < items.size(); ++i) array.Set(static_cast<std::uint32_t>(i), MessageToJs(env, items[i]));
  return array;
}

template <typename Message>
Message MessageArg(Napi::CallbackInfo const& info, std::size_t index, char const* name, bool optional = false) {
  Message message;
  JsToMessage(ObjectArg(info, index, name, optional), &message);
  return message;
}

// The StockKeys of an array of {sku, locationId}.
std::vector<v1::StockKey> StockKeysArg(Napi::CallbackInfo const& info, std::size_t index) {
  if (!info[index].IsArray()) throw Napi::TypeError::New(info.Env(), "keys: expected an array of {sku, locationId}");
  Napi::Array array = info[index].As<Napi::Array>();
  // Grown one checked element at a time: a sparse array's length (up to 2^32-1) allocates nothing.
  std::vector<v1::StockKey> keys;
  for (std::uint32_t i = 0; i < array.Length(); ++i) {
    Napi::Value key = array.Get(i);
    if (!key.IsObject() || key.IsArray()) {
      throw Napi::TypeError::New(info.Env(), "keys[" + std::to_string(i) + "]: expected {sku, locationId}");
    }
    JsToMessage(key.As<Napi::Object>(), &keys.emplace_back());
  }
  return keys;
}

}  // namespace

Napi::Value ClientHandle::GetStock(Napi::CallbackInfo const& info) {
  auto const client = client_;  // user code in the arguments may call close()
  if (!client) return RejectedPromise(info.Env(), ClientClosedStatus());
  return StartCall<v1::StockItem>(
      info.Env(), client, &MessageResultToJs<v1::StockItem>,
      [client, sku = StringArg(info, 0, "sku"), location_id = StringArg(info, 1, "locationId"),
       opts = CallOptionsArg(info, 2)](auto done) {
        client->inventory().AsyncGetStock(sku, location_id, opts, std::move(done));
      });
}

Napi::Value ClientHandle::BatchGetStock(Napi::CallbackInfo const& info) {
  auto const client = client_;  // user code in the arguments may call close()
  if (!client) return RejectedPromise(info.Env(), ClientClosedStatus());
  return StartCall<std::vector<v1::StockItem>>(
      info.Env(), client, &StockItemsToJs,
      [client, keys = StockKeysArg(info, 0), opts = CallOptionsArg(info, 1)](auto done) {
        client->inventory().AsyncBatchGetStock(keys, opts, std::move(done));
      });
}

Napi::Value ClientHandle::ListStock(Napi::CallbackInfo const& info) {
  auto const client = client_;  // user code in the arguments may call close()
  if (!client) throw Napi::Error(info.Env(), ToJsError(info.Env(), ClientClosedStatus()));
  auto request = MessageArg<v1::ListStockRequest>(info, 0, "filter", /*optional=*/true);
  auto pages = client->inventory().AsyncListStock(std::move(request), CallOptionsArg(info, 1));
  return ListCursor::New(info.Env(), MakePageCursor(std::move(pages)), client);
}

// adjustStock(request, conflictRetries, callOptions): conflictRetries null sends the request at its
// expectedVersion; a number reads the current version first and retries that many conflicts.
Napi::Value ClientHandle::AdjustStock(Napi::CallbackInfo const& info) {
  auto const client = client_;  // user code in the arguments may call close()
  if (!client) return RejectedPromise(info.Env(), ClientClosedStatus());
  auto request = MessageArg<v1::AdjustStockRequest>(info, 0, "adjustment");
  auto const conflict_retries = OptionalInt64Arg(info, 1, "conflictRetries");
  if (conflict_retries && (*conflict_retries < 0 || *conflict_retries > 100)) {
    throw Napi::RangeError::New(info.Env(), "conflictRetries: expected 0..100");
  }
  return StartCall<v1::AdjustStockResponse>(
      info.Env(), client, &MessageResultToJs<v1::AdjustStockResponse>,
      [client, request = std::move(request), conflict_retries, opts = CallOptionsArg(info, 2)](auto done) {
        auto inventory = client->inventory();
        if (!conflict_retries) {
          return inventory.AsyncAdjustStock(request.sku(), request.location_id(), request.delta(), request.kind(),
                                            request.reason(), request.expected_version(), opts, std::move(done));
        }
        RetryPolicy on_conflict;
        on_conflict.max_attempts = static_cast<int>(*conflict_retries) + 1;
        inventory.AsyncAdjustStock(request.sku(), request.location_id(), request.delta(), request.kind(),
                                   request.reason(), on_conflict, opts, std::move(done));
      });
}

// reserve({lines, orderId}, ttlMs, callOptions).
Napi::Value ClientHandle::Reserve(Napi::CallbackInfo const& info) {
  auto const client = client_;  // user code in the arguments may call close()
  if (!client) return RejectedPromise(info.Env(), ClientClosedStatus());
  auto request = MessageArg<v1::ReserveRequest>(info, 0, "reservation");
  std::vector<v1::ReservationLine> lines(request.lines().begin(), request.lines().end());
  std::optional<std::string> order_id;
  if (request.has_order_id()) order_id = request.order_id();
  return StartCall<v1::Reservation>(
      info.Env(), client, &MessageResultToJs<v1::Reservation>,
      [client, lines = std::move(lines), ttl = MillisecondsArg(info, 1, "ttlMs", /*optional=*/true),
       order_id = std::move(order_id),
       opts = CallOptionsArg(info, 2)](auto done) {
        client->inventory().AsyncReserve(lines, ttl, order_id, opts, std::move(done));
      });
}

Napi::Value ClientHandle::ExtendReservation(Napi::CallbackInfo const& info) {
  auto const client = client_;  // user code in the arguments may call close()
  if (!client) return RejectedPromise(info.Env(), ClientClosedStatus());
  return StartCall<v1::Reservation>(
      info.Env(), client, &MessageResultToJs<v1::Reservation>,
      [client, id = StringArg(info, 0, "reservationId"), ttl = *MillisecondsArg(info, 1, "ttlMs"),
       expected_version = OptionalInt64Arg(info, 2, "expectedVersion"), opts = CallOptionsArg(info, 3)](auto done) {
        client->inventory().AsyncExtendReservation(id, ttl, expected_version, opts, std::move(done));
      });
}

Napi::Value ClientHandle::CommitReservation(Napi::CallbackInfo const& info) {
  auto const client = client_;  // user code in the arguments may call close()
  if (!client) return RejectedPromise(info.Env(), ClientClosedStatus());
  return StartCall<v1::Reservation>(
      info.Env(), client, &MessageResultToJs<v1::Reservation>,
      [client, id = StringArg(info, 0, "reservationId"),
       expected_version = OptionalInt64Arg(info, 1, "expectedVersion"), opts = CallOptionsArg(info, 2)](auto done) {
        client->inventory().AsyncCommitReservation(id, expected_version, opts, std::move(done));
      });
}

Napi::Value ClientHandle::ReleaseReservation(Napi::CallbackInfo const& info) {
  auto const client = client_;  // user code in the arguments may call close()
  if (!client) return RejectedPromise(info.Env(), ClientClosedStatus());
  return StartCall<v1::Reservation>(
      info.Env(), client, &MessageResultToJs<v1::Reservation>,
      [client, id = StringArg(info, 0, "reservationId"),
       expected_version = OptionalInt64Arg(info, 1, "expectedVersion"), opts = CallOptionsArg(info, 2)](auto done) {
        client->inventory().AsyncReleaseReservation(id, expected_version, opts, std::move(done));
      });
}

Napi::Value ClientHandle::GetReservation(Napi::CallbackInfo const& info) {
  auto const client = client_;  // user code in the arguments may call close()
  if (!client) return RejectedPromise(info.Env(), ClientClosedStatus());
  return StartCall<v1::Reservation>(
      info.Env(), client, &MessageResultToJs<v1::Reservation>,
      [client, id = StringArg(info, 0, "reservationId"), opts = CallOptionsArg(info, 1)](auto done) {
        client->inventory().AsyncGetReservation(id, opts, std::move(done));
      });
}

Napi::Value ClientHandle::ListMovements(Napi::CallbackInfo const& info) {
  auto const client = client_;  // user code in the arguments may call close()
  if (!client) throw Napi::Error(info.Env(), ToJsError(info.Env(), ClientClosedStatus()));
  auto request = MessageArg<v1::ListMovementsRequest>(info, 0, "filter", /*optional=*/true);
  auto pages = client->inventory().AsyncListMovements(std::move(request), CallOptionsArg(info, 1));
  return ListCursor::New(info.Env(), MakePageCursor(std::move(pages)), client);
}

}  // namespace mercato::node
