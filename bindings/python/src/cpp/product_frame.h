// Products -> pandas.DataFrame, built column by column in C++ (one numpy array per column) and
// handed to pandas in a single DataFrame(dict) call. pandas is imported only here, on demand.
#pragma once

#include <vector>

#include <pybind11/pybind11.h>

#include "mercato/v1/catalog.pb.h"

namespace mercato::python {

// Columns: id, name, slug, brand, category_id, status, min_price_minor (int64, cheapest variant;
// 0 without variants), currency, in_stock (bool, any variant), available_quantity (int64, summed),
// variants_count, version (int64), created_at, updated_at (datetime64[ns], UTC). Needs the GIL.
pybind11::object ProductsToPandas(std::vector<v1::Product> const& products);

}  // namespace mercato::python
