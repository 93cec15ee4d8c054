// Inventory reads and locked, transactional writes in SQL shared by SQLite and PostgreSQL.
#include "server/adapters/sql/sql_inventory_store.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <iterator>
#include <map>
#include <set>
#include <tuple>
#include <utility>

#include "server/adapters/sql/idempotent_write.h"
#include "server/adapters/sql/proto_json.h"
#include "server/adapters/sql/saved_response.h"
#include "server/adapters/sql/sql_outbox_store.h"
#include "server/adapters/sql/sql_values.h"
#include "server/domain/inventory/inventory_rules.h"

namespace mercato::adapters {
namespace {

using domain::Result;
using domain::Status;
using google::protobuf::util::TimeUtil;

constexpr char kStockColumns[] = "sku, location_id, on_hand, reserved, version, updated_at_us";
constexpr char kMovementColumns[] =
    "id, sku, location_id, kind, quantity, reason, actor, reservation_id, created_at_us";
constexpr char kReservationColumns[] =
    "id, state, expires_at_us, order_id, version, created_at_us, updated_at_us, lines";

v1::StockItem ZeroItem(v1::StockKey const& key) {
  v1::StockItem item;
  item.set_sku(key.sku());
  item.set_location_id(key.location_id());
  return item;
}

Result<v1::StockItem> StockFromRow(SqlRows const& rows, std::size_t i) {
  SqlRowReader row(rows, i);
  v1::StockItem item;
  item.set_sku(row.Text("sku"));
  item.set_location_id(row.Text("location_id"));
  item.set_on_hand(row.Int64("on_hand"));
  item.set_reserved(row.Int64("reserved"));
  item.set_available(item.on_hand() - item.reserved());
  item.set_version(row.Int64("version"));
  *item.mutable_updated_at() = TimeUtil::MicrosecondsToTimestamp(row.Int64("updated_at_us"));
  if (row.error()) return *row.error();
  return item;
}

Result<v1::Movement> MovementFromRow(SqlRows const& rows, std::size_t i) {
  SqlRowReader row(rows, i);
  v1::Movement movement;
  movement.set_id(row.Text("id"));
  movement.set_sku(row.Text("sku"));
  movement.set_location_id(row.Text("location_id"));
  movement.set_kind(static_cast<v1::MovementKind>(row.Int64("kind")));
  movement.set_quantity(row.Int64("quantity"));
  movement.set_reason(row.Text("reason"));
  movement.set_actor(row.Text("actor"));
  movement.set_reservation_id(row.Text("reservation_id"));
  *movement.mutable_created_at() = TimeUtil::MicrosecondsToTimestamp(row.Int64("created_at_us"));
  if (row.error()) return *row.error();
  return movement;
}

// The lines live in a JSON document (a Reservation holding only its lines); the rest in columns.
Result<v1::Reservation> ReservationFromRow(SqlRows const& rows, std::size_t i) {
  auto lines = GetText(rows, i, "lines");
  if (!lines) return lines.error();
  auto reservation = ParseJson<v1::Reservation>(*lines);
  if (!reservation) return reservation.error();
  SqlRowReader row(rows, i);
  reservation->set_id(row.Text("id"));
  reservation->set_state(static_cast<v1::ReservationState>(row.Int64("state")));
  *reservation->mutable_expires_at() = TimeUtil::MicrosecondsToTimestamp(row.Int64("expires_at_us"));
  reservation->set_order_id(row.Text("order_id"));
  reservation->set_version(row.Int64("version"));
  *reservation->mutable_created_at() = TimeUtil::MicrosecondsToTimestamp(row.Int64("created_at_us"));
  *reservation->mutable_updated_at() = TimeUtil::MicrosecondsToTimestamp(row.Int64("updated_at_us"));
  if (row.error()) return *row.error();
  return reservation;
}

// The items of `keys` in key order (zeros at version 0 where there is no row). With `lock`, the
// rows are locked in (sku, location_id) order, the one order every writer locks in.
Result<std::vector<v1::StockItem>> ReadItems(SqlSession& session, std::vector<v1::StockKey> const& keys, bool lock) {
  SqlParamList params;
  std::string where;
  for (auto const& key : keys) {
    if (!where.empty()) where += " OR ";
    where += "(sku = " + params.Add(key.sku()) + " AND location_id = " + params.Add(key.location_id()) + ")";
  }
  std::string const sql = std::string("SELECT ") + kStockColumns + " FROM stock_items WHERE " + where +
                          " ORDER BY sku, location_id" + (lock ? RowLock(session, "FOR UPDATE") : "");
  auto found = AllRows(session.Exec(sql, params.params()), &StockFromRow);
  if (!found) return found.error();
  std::map<std::pair<std::string, std::string>, v1::StockItem> by_key;
  for (auto& item : *found) by_key.emplace(std::pair(item.sku(), item.location_id()), std::move(item));
  std::vector<v1::StockItem> items;
  items.reserve(keys.size());
  for (auto const& key : keys) {
    auto const it = by_key.find({key.sku(), key.location_id()});
    items.push_back(it == by_key.end() ? ZeroItem(key) : it->second);
  }
  return items;
}

Status WriteItems(SqlSession& session, std::vector<v1::StockItem> const& items) {
  if (items.empty()) return domain::Ok();
  SqlParamList params;
  std::string values;
  for (auto const& item : items) {
    if (!values.empty()) values += ", ";
    values += "(" + params.Add(item.sku()) + ", " + params.Add(item.location_id()) + ", " +
              params.AddInt(item.on_hand()) + ", " + params.AddInt(item.reserved()) + ", " +
              params.AddInt(item.version()) + ", " + params.Add(Micros(item.updated_at())) + ")";
  }
  auto written = session.Exec(std::string("INSERT INTO stock_items (") + kStockColumns + ") VALUES " + values +
                                  " ON CONFLICT (sku, location_id) DO UPDATE SET on_hand = excluded.on_hand, "
                                  "reserved = excluded.reserved, version = excluded.version, "
                                  "updated_at_us = excluded.updated_at_us",
                              params.params());
  if (!written) return written.error();
  return domain::Ok();
}

Status AppendMovements(SqlSession& session, std::vector<v1::Movement> const& movements) {
  if (movements.empty()) return domain::Ok();
  SqlParamList params;
  std::string values;
  for (auto const& movement : movements) {
    if (!values.empty()) values += ", ";
    values += "(" + params.Add(movement.id()) + ", " + params.Add(movement.sku()) + ", " +
              params.Add(movement.location_id()) + ", " + params.AddInt(movement.kind()) + ", " +
              params.AddInt(movement.quantity()) + ", " + params.Add(movement.reason()) + ", " +
              params.Add(movement.actor()) + ", " + params.Add(movement.reservation_id()) + ", " +
              params.Add(Micros(movement.created_at())) + ")";
  }
  auto appended = session.Exec(std::string("INSERT INTO movements (") + kMovementColumns + ") VALUES " + values,
                               params.params());
  if (!appended) return appended.error();
  return domain::Ok();
}

Result<std::string> LinesDocument(v1::Reservation const& reservation) {
  v1::Reservation lines;
  *lines.mutable_lines() = reservation.lines();
  return ToJson(lines);
}

Status InsertReservations(SqlSession& session, std::vector<v1::Reservation> const& reservations) {
  if (reservations.empty()) return domain::Ok();
  SqlParamList params;
  std::string values;
  for (auto const& reservation : reservations) {
    auto lines = LinesDocument(reservation);
    if (!lines) return lines.error();
    if (!values.empty()) values += ", ";
    values += "(" + params.Add(reservation.id()) + ", " + params.AddInt(reservation.state()) + ", " +
              params.Add(Micros(reservation.expires_at())) + ", " + params.Add(reservation.order_id()) + ", " +
              params.AddInt(reservation.version()) + ", " + params.Add(Micros(reservation.created_at())) + ", " +
              params.Add(Micros(reservation.updated_at())) + ", " + params.Add(*lines) + ")";
  }
  auto inserted = session.Exec(std::string("INSERT INTO reservations (") + kReservationColumns + ") VALUES " + values,
                               params.params());
  if (!inserted) return inserted.error();
  return domain::Ok();
}

Status UpdateReservation(SqlSession& session, v1::Reservation const& reservation) {
  auto updated = session.Exec(
      "UPDATE reservations SET state = $2, expires_at_us = $3, version = $4, updated_at_us = $5 WHERE id = $1",
      {reservation.id(), std::to_string(reservation.state()), Micros(reservation.expires_at()),
       std::to_string(reservation.version()), Micros(reservation.updated_at())});
  if (!updated) return updated.error();
  if (updated->affected != 1) return domain::Internal("reservation '" + reservation.id() + "' vanished while locked");
  return domain::Ok();
}

// Writes everything a decision returned except the reservation row itself.
Status WriteChange(SqlSession& session, domain::InventoryChange const& change) {
  if (auto items = WriteItems(session, change.stock_items); !items) return items;
  if (auto movements = AppendMovements(session, change.movements); !movements) return movements;
  return AppendToOutbox(session, change.event);
}

// Locks the reservation's stock, decides and writes; returns the reservation as it now is.
Result<v1::Reservation> DecideOnLocked(SqlSession& session, v1::Reservation const& reservation,
                                       domain::ReservationDecision const& decide) {
  auto items = ReadItems(session, domain::LineKeys(reservation), true);
  if (!items) return items.error();
  auto change = decide(reservation, *items);
  if (!change) return change.error();
  if (!*change) return reservation;
  if (!(*change)->reservation) return domain::Internal("a reservation decision returned no reservation");
  if (auto updated = UpdateReservation(session, *(*change)->reservation); !updated) return updated.error();
  if (auto written = WriteChange(session, **change); !written) return written.error();
  return *(*change)->reservation;
}

}  // namespace

Result<v1::Reservation> ReserveInSession(SqlSession& session, std::vector<v1::StockKey> const& keys,
                                         domain::StockDecision const& decide) {
  auto items = ReadItems(session, keys, true);
  if (!items) return items.error();
  auto change = decide(*items);
  if (!change) return change.error();
  if (!change->reservation) return domain::Internal("a reserve decision returned no reservation");
  if (auto inserted = InsertReservations(session, {*change->reservation}); !inserted) return inserted.error();
  if (auto written = WriteChange(session, *change); !written) return written.error();
  return *change->reservation;
}

Result<v1::Reservation> ChangeReservationInSession(SqlSession& session, std::string const& id,
                                                   domain::ReservationDecision const& decide) {
  auto rows = session.Exec(std::string("SELECT ") + kReservationColumns + " FROM reservations WHERE id = $1" +
                               RowLock(session, "FOR UPDATE"),
                           {id});
  if (!rows) return rows.error();
  if (rows->empty()) return domain::NotFound("reservation", id);
  auto reservation = ReservationFromRow(*rows, 0);
  if (!reservation) return reservation.error();
  return DecideOnLocked(session, *reservation, decide);
}

SqlInventoryStore::SqlInventoryStore(SqlDatabase& db, domain::Clock& clock, bool coalesce_reservations)
    : db_(db), clock_(clock), coalesce_reservations_(coalesce_reservations) {
  constexpr std::size_t kMaxBatch = 64;
  for (auto& queue : reserve_queues_) {
    queue = std::make_unique<ReserveQueue>(
        kMaxBatch, [this](std::vector<ReserveJob*> const& batch) { CommitBatch(batch); },
        // A key twice in one transaction would find its own unsaved claim: the repeat waits a batch.
        [](std::vector<ReserveJob*> const& batch, ReserveJob const& job) {
          if (!job.idempotency.requested()) return true;
          return std::none_of(batch.begin(), batch.end(), [&](ReserveJob const* other) {
            return other->idempotency.operation == job.idempotency.operation &&
                   other->idempotency.key == job.idempotency.key;
          });
        });
  }
}

Result<std::vector<v1::StockItem>> SqlInventoryStore::GetStock(std::vector<v1::StockKey> const& keys) {
  return InRead(db_, [&](SqlSession& session) { return ReadItems(session, keys, false); });
}

Result<std::vector<v1::StockItem>> SqlInventoryStore::ListStock(domain::StockQuery const& query) {
  SqlParamList params;
  std::string sql = std::string("SELECT ") + kStockColumns + " FROM stock_items WHERE 1 = 1";
  if (query.location_id) sql += " AND location_id = " + params.Add(*query.location_id);
  if (query.low_stock_threshold) sql += " AND on_hand - reserved <= " + params.AddInt(*query.low_stock_threshold);
  if (query.after) {
    auto const sku = params.Add(query.after->text);
    auto const location = params.Add(query.after->id);
    sql += " AND (sku > " + sku + " OR (sku = " + sku + " AND location_id > " + location + "))";
  }
  sql += " ORDER BY sku, location_id LIMIT " + params.AddInt(query.limit);
  return InRead(db_, [&](SqlSession& session) { return AllRows(session.Exec(sql, params.params()), &StockFromRow); });
}

Result<std::vector<v1::Movement>> SqlInventoryStore::ListMovements(domain::MovementQuery const& query) {
  SqlParamList params;
  std::string sql = std::string("SELECT ") + kMovementColumns + " FROM movements WHERE 1 = 1";
  if (query.sku) sql += " AND sku = " + params.Add(*query.sku);
  if (query.location_id) sql += " AND location_id = " + params.Add(*query.location_id);
  if (query.reservation_id) sql += " AND reservation_id = " + params.Add(*query.reservation_id);
  if (query.created_from_us) sql += " AND created_at_us >= " + params.AddInt(*query.created_from_us);
  if (query.created_to_us) sql += " AND created_at_us < " + params.AddInt(*query.created_to_us);
  if (query.after) {
    auto const at = params.AddInt(query.after->number);
    auto const id = params.Add(query.after->id);
    sql += " AND (created_at_us < " + at + " OR (created_at_us = " + at + " AND id < " + id + "))";
  }
  sql += " ORDER BY created_at_us DESC, id DESC LIMIT " + params.AddInt(query.limit);
  return InRead(db_,
                [&](SqlSession& session) { return AllRows(session.Exec(sql, params.params()), &MovementFromRow); });
}

Result<std::optional<v1::Reservation>> SqlInventoryStore::FindReservation(std::string const& id) {
  return InRead(db_, [&](SqlSession& session) {
    return FirstRow(session.Exec(std::string("SELECT ") + kReservationColumns + " FROM reservations WHERE id = $1", {id}),
                    &ReservationFromRow);
  });
}

Result<v1::AdjustStockResponse> SqlInventoryStore::AdjustStock(v1::StockKey const& key,
                                                               domain::IdempotencyKey const& idempotency,
                                                               domain::StockDecision const& decide) {
  auto const now_us = clock_.NowMicros();
  return InTransaction(db_, [&](SqlSession& session) {
    return IdempotentWrite<v1::AdjustStockResponse>(
        session, idempotency, now_us, [&]() -> Result<v1::AdjustStockResponse> {
          // A zero row at version 0 gives the first receipt a row to lock.
          auto created = session.Exec(
              std::string("INSERT INTO stock_items (") + kStockColumns +
                  ") VALUES ($1, $2, 0, 0, 0, $3) ON CONFLICT (sku, location_id) DO NOTHING",
              {key.sku(), key.location_id(), std::to_string(now_us)});
          if (!created) return created.error();
          auto items = ReadItems(session, {key}, true);
          if (!items) return items.error();
          auto change = decide(*items);
          if (!change) return change.error();
          if (change->stock_items.size() != 1 || change->movements.size() != 1) {
            return domain::Internal("a stock adjustment must change one item with one movement");
          }
          if (auto written = WriteChange(session, *change); !written) return written.error();
          v1::AdjustStockResponse response;
          *response.mutable_stock_item() = change->stock_items.front();
          *response.mutable_movement() = change->movements.front();
          return response;
        });
  });
}

Result<v1::Reservation> SqlInventoryStore::Reserve(std::vector<v1::StockKey> const& keys,
                                                   domain::IdempotencyKey const& idempotency,
                                                   domain::StockDecision const& decide) {
  ReserveJob job{keys, idempotency, decide, std::nullopt};
  if (!coalesce_reservations_ || keys.empty()) {
    CommitBatch({&job});
    return *std::move(job.result);
  }
  auto const first = std::min_element(keys.begin(), keys.end(), [](auto const& a, auto const& b) {
    return std::tie(a.sku(), a.location_id()) < std::tie(b.sku(), b.location_id());
  });
  auto const queue = std::hash<std::string>{}(first->sku() + "@" + first->location_id()) % kReserveQueues;
  reserve_queues_[queue]->Run(job);
  return *std::move(job.result);
}

Status SqlInventoryStore::RunTogether(std::vector<ReserveJob*> const& batch) {
  auto const now_us = clock_.NowMicros();
  ReserveResults results;
  auto const committed = db_.Transaction([&](SqlSession& session) {
    results.assign(batch.size(), std::nullopt);
    return ReserveTogether(session, batch, now_us, results);
  });
  if (!committed) return committed;
  for (std::size_t i = 0; i < batch.size(); ++i) batch[i]->result = std::move(results[i]);
  return domain::Ok();
}

void SqlInventoryStore::CommitBatch(std::vector<ReserveJob*> const& batch) {
  CommitOrSplit(batch, [this](auto const& jobs) { return RunTogether(jobs); },
                [](ReserveJob& job, domain::Error const& error) { job.result = error; });
}

Status SqlInventoryStore::ReserveTogether(SqlSession& session, std::vector<ReserveJob*> const& batch,
                                          std::int64_t now_us, ReserveResults& results) {
  // Keys first, as a lone Reserve does, so that both take their locks in the same order.
  std::vector<domain::IdempotencyKey const*> idempotency;
  for (auto const* job : batch) idempotency.push_back(&job->idempotency);
  auto claims = ClaimIdempotencyKeys(session, idempotency, now_us);
  if (!claims) return claims.error();
  std::vector<std::size_t> fresh;
  std::vector<v1::StockKey> keys;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    auto& claim = (*claims)[i];
    if (!claim) {
      results[i] = claim.error();
    } else if (*claim) {
      results[i] = ParseSavedResponse<v1::Reservation>(**claim);
    } else {
      fresh.push_back(i);
      keys.insert(keys.end(), batch[i]->keys.begin(), batch[i]->keys.end());
    }
  }
  if (fresh.empty()) return domain::Ok();
  auto locked = ReadItems(session, keys, true);
  if (!locked) return locked.error();
  std::map<std::pair<std::string, std::string>, v1::StockItem> running;
  for (auto& item : *locked) running[{item.sku(), item.location_id()}] = std::move(item);

  // Each reservation is decided on the totals its predecessors in the batch left; then everything
  // is written with one statement per table.
  std::set<std::pair<std::string, std::string>> changed;
  std::vector<v1::Reservation> reservations;
  std::vector<v1::Movement> movements;
  std::vector<v1::EventEnvelope> events;
  std::vector<SavedResponse> responses;
  std::vector<domain::IdempotencyKey const*> refused;
  for (auto const i : fresh) {
    auto const& job = *batch[i];
    std::vector<v1::StockItem> items;
    for (auto const& key : job.keys) items.push_back(running.at({key.sku(), key.location_id()}));
    auto change = job.decide(items);
    if (!change) {
      results[i] = change.error();
      refused.push_back(&job.idempotency);
      continue;
    }
    if (!change->reservation) return domain::Internal("a reserve decision returned no reservation");
    for (auto& item : change->stock_items) {
      changed.emplace(item.sku(), item.location_id());
      running[{item.sku(), item.location_id()}] = std::move(item);
    }
    std::move(change->movements.begin(), change->movements.end(), std::back_inserter(movements));
    events.push_back(std::move(change->event));
    if (job.idempotency.requested()) {
      responses.emplace_back(&job.idempotency, EncodeSavedResponse(*change->reservation));
    }
    results[i] = *change->reservation;
    reservations.push_back(*std::move(change->reservation));
  }
  std::vector<v1::StockItem> items;
  for (auto const& key : changed) items.push_back(std::move(running[key]));
  if (auto released = ReleaseIdempotencyKeys(session, refused); !released) return released;
  if (auto inserted = InsertReservations(session, reservations); !inserted) return inserted;
  if (auto written = WriteItems(session, items); !written) return written;
  if (auto appended = AppendMovements(session, movements); !appended) return appended;
  if (auto appended = AppendToOutbox(session, events); !appended) return appended;
  return SaveIdempotentResponses(session, responses);
}

Result<v1::Reservation> SqlInventoryStore::ChangeReservation(std::string const& id,
                                                             domain::IdempotencyKey const& idempotency,
                                                             domain::ReservationDecision const& decide) {
  auto const now_us = clock_.NowMicros();
  return InTransaction(db_, [&](SqlSession& session) {
    return IdempotentWrite<v1::Reservation>(session, idempotency, now_us,
                                            [&] { return ChangeReservationInSession(session, id, decide); });
  });
}

Result<bool> SqlInventoryStore::ChangeOneExpired(std::int64_t now_us, domain::ReservationDecision const& decide) {
  return InTransaction(db_, [&](SqlSession& session) -> Result<bool> {
    SqlParamList params;
    std::string const sql = std::string("SELECT ") + kReservationColumns +
                            " FROM reservations WHERE state = " + std::to_string(v1::RESERVATION_STATE_ACTIVE) +
                            " AND expires_at_us <= " + params.AddInt(now_us) + " ORDER BY expires_at_us LIMIT 1" +
                            RowLock(session, "FOR UPDATE SKIP LOCKED");
    auto rows = session.Exec(sql, params.params());
    if (!rows) return rows.error();
    if (rows->empty()) return false;
    auto reservation = ReservationFromRow(*rows, 0);
    if (!reservation) return reservation.error();
    auto changed = DecideOnLocked(session, *reservation, decide);
    if (!changed) return changed.error();
    return changed->version() != reservation->version();
  });
}

}  // namespace mercato::adapters
