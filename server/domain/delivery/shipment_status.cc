#include "server/domain/delivery/shipment_status.h"

#include <string>

namespace mercato::domain {
bool IsAllowedTransition(v1::ShipmentStatus from, v1::ShipmentStatus to) {
  if (to == v1::SHIPMENT_STATUS_UNSPECIFIED) return false;
  if (from == to) return true;  // a position update, or a carrier repeating its webhook
  switch (from) {
    case v1::SHIPMENT_STATUS_PENDING: return to == v1::SHIPMENT_STATUS_PICKED_UP;
    case v1::SHIPMENT_STATUS_PICKED_UP: return to == v1::SHIPMENT_STATUS_IN_TRANSIT || to == v1::SHIPMENT_STATUS_FAILED;
    case v1::SHIPMENT_STATUS_IN_TRANSIT: return to == v1::SHIPMENT_STATUS_DELIVERED || to == v1::SHIPMENT_STATUS_FAILED;
    case v1::SHIPMENT_STATUS_FAILED: return to == v1::SHIPMENT_STATUS_RETURNED;
    default: return false;
  }
}

bool HasGoodsOut(v1::ShipmentStatus status) {
  return status == v1::SHIPMENT_STATUS_PICKED_UP || status == v1::SHIPMENT_STATUS_IN_TRANSIT ||
         status == v1::SHIPMENT_STATUS_DELIVERED;
}

Error InvalidTransition(std::string const& shipment_id, v1::ShipmentStatus from, v1::ShipmentStatus to) {
  std::string allowed;
  for (int next = v1::SHIPMENT_STATUS_PENDING; next <= v1::SHIPMENT_STATUS_RETURNED; ++next) {
    auto const status = static_cast<v1::ShipmentStatus>(next);
    if (!IsAllowedTransition(from, status)) continue;
    allowed += (allowed.empty() ? "" : ", ") + v1::ShipmentStatus_Name(status);
  }
  return {ErrorKind::kFailedPrecondition,
          "INVALID_TRANSITION",
          "shipment '" + shipment_id + "' is " + v1::ShipmentStatus_Name(from) + " and cannot move to " +
              v1::ShipmentStatus_Name(to) + (allowed.empty() ? std::string("; it is final") : "; next may be " + allowed),
          {{"from", v1::ShipmentStatus_Name(from)}, {"to", v1::ShipmentStatus_Name(to)}}};
}

}  // namespace mercato::domain
