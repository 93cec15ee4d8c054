// Shipment use cases: staff and service create an order's shipment in a slot and append tracking
// events (carrier webhooks); a customer reads only the shipments whose customer_id is theirs.
#pragma once

#include "mercato/v1/delivery.pb.h"
#include "server/domain/delivery/delivery_context.h"
#include "server/domain/error.h"
#include "server/domain/identity/principal.h"

namespace mercato::domain {

// Position updates (a repeated status) a shipment keeps; status changes are always recorded.
inline constexpr int kMaxTrackingEvents = 500;

class Shipments {
 public:
  explicit Shipments(DeliveryContext context) : context_(context) {}

  Result<v1::Shipment> Create(v1::CreateShipmentRequest const& request, Principal const& caller);
  // Another customer's shipment answers NOT_FOUND, like a missing one.
  Result<v1::Shipment> Get(std::string const& shipment_id, Principal const& caller);
  Result<v1::ListShipmentsResponse> List(v1::ListShipmentsRequest const& request, Principal const& caller);
  // FAILED_PRECONDITION INVALID_TRANSITION for a move the status machine forbids.
  Result<v1::Shipment> AddTrackingEvent(v1::AddTrackingEventRequest const& request, Principal const& caller);

 private:
  DeliveryContext context_;
};

}  // namespace mercato::domain
