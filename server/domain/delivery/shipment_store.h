// Port: shipments and their tracking events (the events live in the shipment's document).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "mercato/v1/delivery.pb.h"
#include "mercato/v1/events.pb.h"
#include "server/domain/error.h"
#include "server/domain/idempotency.h"
#include "server/domain/page_token.h"

namespace mercato::domain {

// ListShipments: newest first, i.e. (created_at_us, id) descending; `after` holds (created_at_us, "", id).
struct ShipmentQuery {
  std::optional<std::string> order_id;
  std::optional<std::string> slot_id;
  std::optional<v1::ShipmentStatus> status;
  std::optional<std::string> customer_id;  // a customer's own only
  std::optional<SortKey> after;
  int limit = 50;
};

// A shipment as a change leaves it, and the event that says so (none for a repeated status).
struct ShipmentChange {
  v1::Shipment shipment;
  std::optional<v1::EventEnvelope> event;
};

using ShipmentDecision = std::function<Result<ShipmentChange>(v1::Shipment const& current)>;
// Decides a new shipment once its idempotency key is claimed, so that a replay answers the first
// response even when what the decision reads has changed since (its order was cancelled).
using NewShipmentDecision = std::function<Result<ShipmentChange>()>;

class ShipmentStore {
 public:
  virtual ~ShipmentStore() = default;

  virtual Result<std::optional<v1::Shipment>> FindShipment(std::string const& id) = 0;
  virtual Result<std::vector<v1::Shipment>> ListShipments(ShipmentQuery const& query) = 0;
  // Claims the key, decides and inserts. NOT_FOUND when the slot is missing; ALREADY_EXISTS
  // SHIPMENT_EXISTS when the order has a live (not RETURNED) shipment.
  virtual Result<v1::Shipment> InsertShipment(IdempotencyKey const& idempotency, NewShipmentDecision const& decide) = 0;
  // Locks shipment `id` (NOT_FOUND when missing), decides and writes.
  virtual Result<v1::Shipment> ChangeShipment(std::string const& id, IdempotencyKey const& idempotency,
                                              ShipmentDecision const& decide) = 0;
};

}  // namespace mercato::domain
