// Python classes for the inventory's value types (StockItem, Movement, ReservationLine,
// Reservation): read-only views of copies of the SDK's messages, with __repr__, __eq__ and to_dict().
#pragma once

#include <string>

#include <pybind11/pybind11.h>

#include "mercato/v1/inventory.pb.h"

namespace mercato::python {

void RegisterInventoryTypes(pybind11::module_& m);

// "RECEIPT", "COMMIT", ... as Python sees a movement's kind.
std::string MovementKindName(v1::MovementKind kind);

}  // namespace mercato::python
