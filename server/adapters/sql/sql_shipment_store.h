// The ShipmentStore port over SQL: the Shipment message (tracking events included) as a JSON
// document, with what listings filter on in columns.
#pragma once

#include "server/adapters/sql/sql_database.h"
#include "server/domain/clock.h"
#include "server/domain/delivery/shipment_store.h"

namespace mercato::adapters {

class SqlShipmentStore final : public domain::ShipmentStore {
 public:
  // `clock` stamps idempotency keys.
  SqlShipmentStore(SqlDatabase& db, domain::Clock& clock) : db_(db), clock_(clock) {}

  domain::Result<std::optional<v1::Shipment>> FindShipment(std::string const& id) override;
  domain::Result<std::vector<v1::Shipment>> ListShipments(domain::ShipmentQuery const& query) override;
  domain::Result<v1::Shipment> InsertShipment(domain::IdempotencyKey const& idempotency,
                                              domain::NewShipmentDecision const& decide) override;
  domain::Result<v1::Shipment> ChangeShipment(std::string const& id, domain::IdempotencyKey const& idempotency,
                                              domain::ShipmentDecision const& decide) override;

 private:
  SqlDatabase& db_;
  domain::Clock& clock_;
};

}  // namespace mercato::adapters
