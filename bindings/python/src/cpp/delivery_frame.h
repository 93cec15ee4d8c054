// The columns a delivery DataFrame adds to the ones read from the message fields: a slot's
// `utilisation` (share of capacity taken by bookings and holds, 0..1, float64), and a shipment's
// `event_count` and last known `latitude` / `longitude` (float64, NaN when none was reported).
// Needs the GIL.
#pragma once

#include <google/protobuf/descriptor.h>
#include <pybind11/pybind11.h>

namespace mercato::python {

// Adds the derived columns of `type` (nothing for other types) for `items`, mercato.Message views.
void AddDeliveryColumns(google::protobuf::Descriptor const& type, pybind11::list const& items, pybind11::dict& columns);

}  // namespace mercato::python
