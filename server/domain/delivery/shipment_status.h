// The shipment status machine of the contract: PENDING -> PICKED_UP -> IN_TRANSIT -> DELIVERED,
// or a failed attempt (from PICKED_UP or IN_TRANSIT) -> FAILED -> RETURNED. Repeating the current
// status is allowed (a position update, a repeated webhook); nothing leaves DELIVERED or RETURNED.
#pragma once

#include "mercato/v1/delivery.pb.h"
#include "server/domain/error.h"

namespace mercato::domain {

bool IsAllowedTransition(v1::ShipmentStatus from, v1::ShipmentStatus to);

// True for PICKED_UP, IN_TRANSIT and DELIVERED: the goods have left the store with the driver.
bool HasGoodsOut(v1::ShipmentStatus status);

// FAILED_PRECONDITION INVALID_TRANSITION naming both statuses and the allowed next ones.
Error InvalidTransition(std::string const& shipment_id, v1::ShipmentStatus from, v1::ShipmentStatus to);

}  // namespace mercato::domain
