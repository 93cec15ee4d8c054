#include "server/adapters/sql/sql_shipment_store.h"

#include "server/adapters/sql/idempotent_write.h"
#include "server/adapters/sql/proto_json.h"
#include "server/adapters/sql/sql_error.h"
#include "server/adapters/sql/sql_outbox_store.h"
#include "server/adapters/sql/sql_values.h"

namespace mercato::adapters {
namespace {

using domain::Result;
using domain::Status;

Result<v1::Shipment> ShipmentFromRow(SqlRows const& rows, std::size_t i) {
  auto document = GetText(rows, i, "document");
  if (!document) return document.error();
  return ParseJson<v1::Shipment>(*document);
}

}  // namespace

Result<std::optional<v1::Shipment>> SqlShipmentStore::FindShipment(std::string const& id) {
  return InRead(db_, [&](SqlSession& session) {
    return FirstRow(session.Exec("SELECT document FROM shipments WHERE id = $1", {id}), &ShipmentFromRow);
  });
}

Result<std::vector<v1::Shipment>> SqlShipmentStore::ListShipments(domain::ShipmentQuery const& query) {
  SqlParamList params;
  std::string sql = "SELECT document FROM shipments WHERE 1 = 1";
  if (query.order_id) sql += " AND order_id = " + params.Add(*query.order_id);
  if (query.slot_id) sql += " AND slot_id = " + params.Add(*query.slot_id);
  if (query.status) sql += " AND status = " + params.AddInt(*query.status);
  if (query.customer_id) sql += " AND customer_id = " + params.Add(*query.customer_id) + " AND customer_id <> ''";
  if (query.after) {
    auto const at = params.AddInt(query.after->number);
    auto const id = params.Add(query.after->id);
    sql += " AND (created_at_us < " + at + " OR (created_at_us = " + at + " AND id < " + id + "))";
  }
  sql += " ORDER BY created_at_us DESC, id DESC LIMIT " + params.AddInt(query.limit);
  return InRead(db_, [&](SqlSession& session) { return AllRows(session.Exec(sql, params.params()), &ShipmentFromRow); });
}

Result<v1::Shipment> SqlShipmentStore::InsertShipment(domain::IdempotencyKey const& idempotency,
                                                      domain::NewShipmentDecision const& decide) {
  auto const now_us = clock_.NowMicros();
  return InTransaction(db_, [&](SqlSession& session) {
    return IdempotentWrite<v1::Shipment>(session, idempotency, now_us, [&]() -> Result<v1::Shipment> {
      auto change = decide();
      if (!change) return change.error();
      auto const& shipment = change->shipment;
      auto slot = session.Exec("SELECT id FROM slots WHERE id = $1", {shipment.slot_id()});
      if (!slot) return slot.error();
      if (slot->empty()) return domain::NotFound("slot", shipment.slot_id());
      auto document = ToJson(shipment);
      if (!document) return document.error();
      auto inserted = session.Exec(
          "INSERT INTO shipments (id, order_id, slot_id, status, customer_id, version, created_at_us, document) "
          "VALUES ($1, $2, $3, CAST($4 AS BIGINT), $5, CAST($6 AS BIGINT), CAST($7 AS BIGINT), $8)",
          {shipment.id(), shipment.order_id(), shipment.slot_id(), std::to_string(shipment.status()),
           shipment.customer_id(), std::to_string(shipment.version()), Micros(shipment.created_at()), *document});
      if (!inserted) {
        if (IsUniqueViolation(inserted.error(), "shipments", "order_id")) {
          return domain::Error{domain::ErrorKind::kAlreadyExists, "SHIPMENT_EXISTS",
                               "order '" + domain::Echo(shipment.order_id()) +
                                   "' already has a shipment on its way; a new one may follow once it is RETURNED",
                               {{"order_id", domain::Echo(shipment.order_id())}}};
        }
        return inserted.error();
      }
      if (change->event) {
        if (auto appended = AppendToOutbox(session, *change->event); !appended) return appended.error();
      }
      return shipment;
    });
  });
}

Result<v1::Shipment> SqlShipmentStore::ChangeShipment(std::string const& id, domain::IdempotencyKey const& idempotency,
                                                      domain::ShipmentDecision const& decide) {
  auto const now_us = clock_.NowMicros();
  return InTransaction(db_, [&](SqlSession& session) {
    return IdempotentWrite<v1::Shipment>(session, idempotency, now_us, [&]() -> Result<v1::Shipment> {
      auto current = FirstRow(
          session.Exec("SELECT document FROM shipments WHERE id = $1" + RowLock(session, "FOR UPDATE"), {id}),
          &ShipmentFromRow);
      if (!current) return current.error();
      if (!*current) return domain::NotFound("shipment", id);
      auto change = decide(**current);
      if (!change) return change.error();
      auto document = ToJson(change->shipment);
      if (!document) return document.error();
      auto updated = session.Exec(
          "UPDATE shipments SET status = CAST($2 AS BIGINT), version = CAST($3 AS BIGINT), document = $4 WHERE id = $1",
          {id, std::to_string(change->shipment.status()), std::to_string(change->shipment.version()), *document});
      if (!updated) return updated.error();
      if (change->event) {
        if (auto appended = AppendToOutbox(session, *change->event); !appended) return appended.error();
      }
      return change->shipment;
    });
  });
}

}  // namespace mercato::adapters
