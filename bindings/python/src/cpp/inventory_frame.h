// Stock items and movements -> pandas.DataFrame, built column by column in C++ (frame_columns.h).
#pragma once

#include <vector>

#include <pybind11/pybind11.h>

#include "mercato/v1/inventory.pb.h"

namespace mercato::python {

// Columns: sku, location_id, on_hand, reserved, available, version (int64), updated_at
// (datetime64[ns], UTC). Needs the GIL.
pybind11::object StockItemsToPandas(std::vector<v1::StockItem> const& items);

// Columns: id, sku, location_id, kind ("RECEIPT", ...), quantity (int64), reason, actor,
// reservation_id, created_at (datetime64[ns], UTC). Needs the GIL.
pybind11::object MovementsToPandas(std::vector<v1::Movement> const& movements);

}  // namespace mercato::python
