// Orders and the checkout's two transactions in SQL shared by SQLite and PostgreSQL.
#include "server/adapters/sql/sql_order_store.h"

#include <google/protobuf/struct.pb.h>

#include <algorithm>
#include <map>
#include <utility>

#include "server/adapters/sql/idempotent_write.h"
#include "server/adapters/sql/proto_json.h"
#include "server/adapters/sql/sql_cart_store.h"
#include "server/adapters/sql/sql_error.h"
#include "server/adapters/sql/sql_inventory_store.h"
#include "server/adapters/sql/sql_outbox_store.h"
#include "server/adapters/sql/sql_slot_store.h"
#include "server/adapters/sql/sql_values.h"
#include "server/domain/orders/order_rules.h"
#include "server/domain/timestamp_micros.h"

namespace mercato::adapters {
namespace {

using domain::Placement;
using domain::Result;
using domain::Status;
using domain::StoredOrder;

constexpr char kOrderColumns[] =
    "id, number, user_id, status, placement, request_id, request_fingerprint, cart_id, cart_version, "
    "payment_provider, payment_token, failure, next_attempt_at_us, version, created_at_us, document";

// A failure is kept as {"kind", "reason", "message", "metadata"}: what the checkout answers again.
Result<std::string> FailureJson(domain::Error const& error) {
  google::protobuf::Struct failure;
  auto& fields = *failure.mutable_fields();
  fields["kind"].set_number_value(static_cast<double>(error.kind));
  fields["reason"].set_string_value(error.reason);
  fields["message"].set_string_value(error.message);
  auto& metadata = *fields["metadata"].mutable_struct_value()->mutable_fields();
  for (auto const& [key, value] : error.metadata) metadata[key].set_string_value(value);
  return ToJson(failure);
}

Status ReadFailure(std::string const& json, domain::Error& error) {
  auto failure = ParseJson<google::protobuf::Struct>(json);
  if (!failure) return failure.error();
  auto const& fields = failure->fields();
  auto text = [&](char const* name) { return fields.contains(name) ? fields.at(name).string_value() : std::string(); };
  error = {static_cast<domain::ErrorKind>(
               static_cast<int>(fields.contains("kind") ? fields.at("kind").number_value() : 0)),
           text("reason"), text("message"), {}};
  if (fields.contains("metadata")) {
    for (auto const& [key, value] : fields.at("metadata").struct_value().fields()) {
      error.metadata[key] = value.string_value();
    }
  }
  return domain::Ok();
}

// The Order message kept in the row's document (all a listing of placed orders reads).
Result<v1::Order> PlacedOrderFromRow(SqlRows const& rows, std::size_t i) {
  auto document = GetText(rows, i, "document");
  if (!document) return document.error();
  return ParseJson<v1::Order>(*document);
}

Result<StoredOrder> OrderFromRow(SqlRows const& rows, std::size_t i) {
  auto order = PlacedOrderFromRow(rows, i);
  if (!order) return order.error();
  auto no_failure = IsNull(rows, i, "failure");
  if (!no_failure) return no_failure.error();
  SqlRowReader row(rows, i);
  StoredOrder stored;
  stored.order = *std::move(order);
  stored.placement = static_cast<Placement>(row.Int64("placement"));
  stored.request_id = row.Text("request_id");
  stored.request_fingerprint = row.Text("request_fingerprint");
  stored.cart_id = row.Text("cart_id");
  stored.cart_version = row.Int64("cart_version");
  stored.payment_method.set_provider(row.Text("payment_provider"));
  stored.payment_method.set_provider_token(row.Text("payment_token"));
  stored.next_attempt_at_us = row.Int64("next_attempt_at_us");
  auto const failure = *no_failure ? std::string() : row.Text("failure");
  if (row.error()) return *row.error();
  if (!failure.empty()) {
    domain::Error error;
    if (auto read = ReadFailure(failure, error); !read) return read.error();
    stored.failure = std::move(error);
  }
  return stored;
}

Result<std::optional<StoredOrder>> ReadOrder(SqlSession& session, std::string const& id, bool lock) {
  return FirstRow(session.Exec(std::string("SELECT ") + kOrderColumns + " FROM orders WHERE id = $1" +
                                   (lock ? RowLock(session, "FOR UPDATE") : std::string()),
                               {id}),
                  &OrderFromRow);
}

// The next order number's sequence: a PostgreSQL sequence (no lock held until commit), or
// SQLite's counter row (its one writer holds the database anyway).
Result<std::int64_t> NextOrderSequence(SqlSession& session) {
  auto next = session.dialect() == SqlDialect::kPostgres
                  ? session.Exec("SELECT nextval('orders.order_numbers') AS next")
                  : session.Exec("UPDATE order_numbers SET last = last + 1 RETURNING last AS next");
  if (!next) return next.error();
  if (next->empty()) return domain::Internal("no order number was issued");
  return GetInt64(*next, 0, "next");
}

Status InsertOrder(SqlSession& session, StoredOrder const& placing) {
  auto document = ToJson(placing.order);
  if (!document) return document.error();
  auto const& order = placing.order;
  auto inserted = session.Exec(
      std::string("INSERT INTO orders (") + kOrderColumns +
          ") VALUES ($1, $2, $3, CAST($4 AS BIGINT), CAST($5 AS BIGINT), $6, $7, $8, CAST($9 AS BIGINT), $10, $11, "
          "NULL, CAST($12 AS BIGINT), CAST($13 AS BIGINT), CAST($14 AS BIGINT), $15)",
      {order.id(), order.number(), order.user_id(), std::to_string(order.status()),
       std::to_string(static_cast<int>(placing.placement)), placing.request_id, placing.request_fingerprint,
       placing.cart_id, std::to_string(placing.cart_version), placing.payment_method.provider(),
       placing.payment_method.provider_token(), std::to_string(placing.next_attempt_at_us),
       std::to_string(order.version()), Micros(order.created_at()), *document});
  if (!inserted) {
    if (IsUniqueViolation(inserted.error(), "orders", "user_id,request_id")) {
      return domain::Error{domain::ErrorKind::kAlreadyExists, domain::kPlacementExists,
                           "a checkout with request_id '" + placing.request_id + "' exists already",
                           {{"request_id", placing.request_id}}};
    }
    if (IsUniqueViolation(inserted.error(), "orders", "cart_id")) {
      return domain::Error{domain::ErrorKind::kFailedPrecondition, domain::kCheckoutInProgress,
                           "cart '" + placing.cart_id +
                               "' is being checked out by another request whose payment has no answer yet; retry "
                               "that request's request_id, or wait for it to end",
                           {{"cart_id", placing.cart_id}}};
    }
    return inserted.error();
  }
  return domain::Ok();
}

// Saves how a placement ended; the payment token goes with it.
Status UpdateEnded(SqlSession& session, StoredOrder const& ended) {
  auto document = ToJson(ended.order);
  if (!document) return document.error();
  std::optional<std::string> failure;
  if (ended.failure) {
    auto json = FailureJson(*ended.failure);
    if (!json) return json.error();
    failure = *std::move(json);
  }
  auto updated = session.Exec(
      "UPDATE orders SET status = CAST($2 AS BIGINT), placement = CAST($3 AS BIGINT), payment_token = '', "
      "failure = $4, version = CAST($5 AS BIGINT), document = $6 WHERE id = $1",
      {ended.order.id(), std::to_string(ended.order.status()), std::to_string(static_cast<int>(ended.placement)),
       failure, std::to_string(ended.order.version()), *document});
  if (!updated) return updated.error();
  if (updated->affected != 1) return domain::Internal("order '" + ended.order.id() + "' vanished while locked");
  return domain::Ok();
}

// Takes the ordered units out of the cart; what the customer added since stays in it.
Status RemoveOrderedUnits(SqlSession& session, StoredOrder const& placed, std::int64_t now_us) {
  auto cart = LockCartInSession(session, placed.cart_id, placed.order.user_id(), std::nullopt);
  if (!cart) return cart.error().kind == domain::ErrorKind::kNotFound ? domain::Ok() : Status(cart.error());
  std::map<std::string, std::int64_t> ordered;
  for (auto const& item : placed.order.items()) ordered[item.sku()] += item.quantity();
  auto* lines = cart->mutable_lines();
  for (auto& line : *lines) {
    if (auto const units = ordered.find(line.sku()); units != ordered.end()) {
      line.set_quantity(line.quantity() - units->second);
    }
  }
  lines->erase(std::remove_if(lines->begin(), lines->end(), [](v1::CartLine const& line) { return line.quantity() <= 0; }),
               lines->end());
  auto saved = SaveCartInSession(session, *std::move(cart), now_us);
  if (!saved) return saved.error();
  return domain::Ok();
}

}  // namespace

Result<std::optional<StoredOrder>> SqlOrderStore::FindOrder(std::string const& id) {
  return InRead(db_, [&](SqlSession& session) { return ReadOrder(session, id, false); });
}

Result<std::optional<StoredOrder>> SqlOrderStore::FindPlacement(std::string const& user_id,
                                                                std::string const& request_id) {
  return InRead(db_, [&](SqlSession& session) {
    return FirstRow(session.Exec(std::string("SELECT ") + kOrderColumns +
                                     " FROM orders WHERE user_id = $1 AND request_id = $2",
                                 {user_id, request_id}),
                    &OrderFromRow);
  });
}

Result<std::vector<v1::Order>> SqlOrderStore::ListOrders(domain::OrderQuery const& query) {
  SqlParamList params;
  std::string sql = "SELECT document FROM orders WHERE placement = " + std::to_string(static_cast<int>(Placement::kPlaced));
  if (query.user_id) sql += " AND user_id = " + params.Add(*query.user_id);
  if (!query.statuses.empty()) {
    std::string in;
    for (auto const status : query.statuses) in += (in.empty() ? "" : ", ") + params.AddInt(status);
    sql += " AND status IN (" + in + ")";
  }
  if (query.created_from_us) sql += " AND created_at_us >= " + params.AddInt(*query.created_from_us);
  if (query.created_to_us) sql += " AND created_at_us < " + params.AddInt(*query.created_to_us);
  if (query.after) {
    auto const at = params.AddInt(query.after->number);
    auto const id = params.Add(query.after->id);
    sql += " AND (created_at_us < " + at + " OR (created_at_us = " + at + " AND id < " + id + "))";
  }
  sql += " ORDER BY created_at_us DESC, id DESC LIMIT " + params.AddInt(query.limit);
  return InRead(db_, [&](SqlSession& session) {
    return AllRows(session.Exec(sql, params.params()), &PlacedOrderFromRow);
  });
}

Result<StoredOrder> SqlOrderStore::BeginPlacement(StoredOrder const& placing, domain::PlacementHolds const& holds) {
  return InTransaction(db_, [&](SqlSession& session) -> Result<StoredOrder> {
    // Cart, then the slot's rows, then stock: the order every other writer of them locks in.
    auto cart = LockCartInSession(session, placing.cart_id, placing.order.user_id(), placing.cart_version);
    if (!cart) return cart.error();
    auto booked = ClaimInSession(session, holds.slot_claim, holds.book);
    if (!booked) return booked.error();
    auto reserved = ReserveInSession(session, holds.stock_keys, holds.reserve);
    if (!reserved) return reserved.error();
    auto sequence = NextOrderSequence(session);
    if (!sequence) return sequence.error();
    StoredOrder numbered = placing;
    numbered.order.set_number(domain::OrderNumber(domain::ToMicros(placing.order.created_at()), *sequence));
    if (auto inserted = InsertOrder(session, numbered); !inserted) return inserted.error();
    return numbered;
  });
}

Result<StoredOrder> SqlOrderStore::EndPlacement(std::string const& order_id, domain::PlacementEnd const& end) {
  return InTransaction(db_, [&](SqlSession& session) -> Result<StoredOrder> {
    auto found = ReadOrder(session, order_id, true);
    if (!found) return found.error();
    if (!*found) return domain::NotFound("order", order_id);
    if ((*found)->placement != Placement::kPlacing) return **std::move(found);
    StoredOrder ended = **std::move(found);
    ended.payment_method.clear_provider_token();
    if (end.failure) {
      // The slot before the stock, as BeginPlacement locks them.
      auto booking = ChangeBookingInSession(session, ended.order.slot_booking_id(), end.release_slot);
      if (!booking) return booking.error();
      if (!booking->hold_id().empty()) {
        auto hold = ChangeHoldInSession(session, booking->hold_id(), end.restore_hold);
        if (!hold) return hold.error();
      }
      auto reservation = ChangeReservationInSession(session, ended.order.reservation_id(), end.release_stock);
      if (!reservation) return reservation.error();
      ended.placement = Placement::kFailed;
      ended.failure = end.failure;
    } else {
      ended.order = end.order;
      ended.placement = Placement::kPlaced;
      if (auto removed = RemoveOrderedUnits(session, ended, end.now_us); !removed) return removed.error();
    }
    if (auto updated = UpdateEnded(session, ended); !updated) return updated.error();
    if (auto appended = AppendToOutbox(session, end.events); !appended) return appended.error();
    return ended;
  });
}

Result<std::vector<StoredOrder>> SqlOrderStore::ClaimDuePlacements(std::int64_t now_us, std::int64_t retry_after_us,
                                                                   int limit) {
  return InTransaction(db_, [&](SqlSession& session) -> Result<std::vector<StoredOrder>> {
    SqlParamList params;
    auto due = AllRows(session.Exec(std::string("SELECT ") + kOrderColumns + " FROM orders WHERE placement = " +
                                        std::to_string(static_cast<int>(Placement::kPlacing)) +
                                        " AND next_attempt_at_us <= " + params.AddInt(now_us) +
                                        " ORDER BY next_attempt_at_us LIMIT " + params.AddInt(limit) +
                                        RowLock(session, "FOR UPDATE SKIP LOCKED"),
                                    params.params()),
                       &OrderFromRow);
    if (!due || due->empty()) return due;
    SqlParamList claim;
    auto const next = claim.AddInt(now_us + retry_after_us);
    std::string ids;
    for (auto const& placing : *due) ids += (ids.empty() ? "" : ", ") + claim.Add(placing.order.id());
    auto claimed = session.Exec("UPDATE orders SET next_attempt_at_us = " + next + " WHERE id IN (" + ids + ")",
                                claim.params());
    if (!claimed) return claimed.error();
    return due;
  });
}

Result<v1::Order> SqlOrderStore::ChangeOrder(std::string const& id, domain::IdempotencyKey const& idempotency,
                                             std::int64_t now_us, OrderDecision const& decide) {
  return InTransaction(db_, [&](SqlSession& session) {
    return IdempotentWrite<v1::Order>(session, idempotency, now_us, [&]() -> Result<v1::Order> {
      auto found = ReadOrder(session, id, true);
      if (!found) return found.error();
      if (!*found || (*found)->placement != Placement::kPlaced) return domain::NotFound("order", id);
      auto const& before = (*found)->order;
      auto change = decide(before);
      if (!change) return change.error();
      if (!*change) return before;
      // The slot before the stock, as checkout locks them.
      if ((*change)->booking) {
        auto booking = ChangeBookingInSession(session, before.slot_booking_id(), *(*change)->booking);
        if (!booking) return booking.error();
      }
      if ((*change)->reservation) {
        auto reservation = ChangeReservationInSession(session, before.reservation_id(), *(*change)->reservation);
        if (!reservation) return reservation.error();
      }
      auto const& after = (*change)->order;
      auto document = ToJson(after);
      if (!document) return document.error();
      std::optional<std::string> due;
      if ((*change)->payment_due_at_us) due = std::to_string(*(*change)->payment_due_at_us);
      auto updated = session.Exec(
          "UPDATE orders SET status = CAST($2 AS BIGINT), version = CAST($3 AS BIGINT), document = $4, "
          "payment_due_at_us = COALESCE(CAST($5 AS BIGINT), payment_due_at_us) WHERE id = $1",
          {id, std::to_string(after.status()), std::to_string(after.version()), *document, due});
      if (!updated) return updated.error();
      if (auto appended = AppendToOutbox(session, (*change)->events); !appended) return appended.error();
      return after;
    });
  });
}

Result<std::vector<v1::Order>> SqlOrderStore::ClaimDuePaymentFollowUps(std::int64_t now_us,
                                                                       std::int64_t retry_after_us, int limit) {
  return InTransaction(db_, [&](SqlSession& session) -> Result<std::vector<v1::Order>> {
    SqlParamList params;
    auto due = AllRows(session.Exec("SELECT id, document FROM orders WHERE payment_due_at_us <= " +
                                        params.AddInt(now_us) + " ORDER BY payment_due_at_us LIMIT " +
                                        params.AddInt(limit) + RowLock(session, "FOR UPDATE SKIP LOCKED"),
                                    params.params()),
                       &PlacedOrderFromRow);
    if (!due || due->empty()) return due;
    SqlParamList claim;
    auto const next = claim.AddInt(now_us + retry_after_us);
    std::string ids;
    for (auto const& order : *due) ids += (ids.empty() ? "" : ", ") + claim.Add(order.id());
    auto claimed = session.Exec("UPDATE orders SET payment_due_at_us = " + next + " WHERE id IN (" + ids + ")",
                                claim.params());
    if (!claimed) return claimed.error();
    return due;
  });
}

Status SqlOrderStore::EndPaymentFollowUp(std::string const& id) {
  return InTransaction(db_, [&](SqlSession& session) -> Status {
    auto ended = session.Exec("UPDATE orders SET payment_due_at_us = NULL WHERE id = $1", {id});
    if (!ended) return ended.error();
    return domain::Ok();
  });
}

Result<std::vector<std::string>> SqlOrderStore::ListCapturedConfirmed(int limit) {
  // Constants written out, so that PostgreSQL matches the orders_confirmed partial index.
  auto const number = [](int value) { return std::to_string(value); };
  SqlParamList params;
  auto const sql = "SELECT o.id AS id FROM orders o WHERE o.status = " + number(v1::ORDER_STATUS_CONFIRMED) +
                   " AND o.placement = " + number(static_cast<int>(Placement::kPlaced)) +
                   " AND EXISTS (SELECT 1 FROM payments p WHERE p.order_id = o.id AND p.status IN (" +
                   number(v1::PAYMENT_STATUS_CAPTURED) + ", " + number(v1::PAYMENT_STATUS_PARTIALLY_REFUNDED) + ", " +
                   number(v1::PAYMENT_STATUS_REFUNDED) + ")) LIMIT " + params.AddInt(limit);
  return InRead(db_, [&](SqlSession& session) {
    return AllRows<std::string>(session.Exec(sql, params.params()),
                                [](SqlRows const& rows, std::size_t i) { return GetText(rows, i, "id"); });
  });
}

}  // namespace mercato::adapters
