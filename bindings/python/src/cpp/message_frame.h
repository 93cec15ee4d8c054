// One DataFrame from a list of messages of one type, column by column from the type's fields:
// numbers, bools and strings as they are; enums by short name; Timestamps as datetime64[ns, UTC];
// a Money field `price` as three columns: `price` (the decimal amount as float64, exact to the
// minor unit within the contract's bound of 999,999,999,999 minor units), `price_minor` (Int64,
// exact) and `price_currency`; any other field (lists, maps, nested messages) as an object
// column of its Python values; and the derived columns of delivery_frame.h. Needs the GIL and
// pandas.
#pragma once

#include <google/protobuf/descriptor.h>
#include <pybind11/pybind11.h>

namespace mercato::python {

pybind11::object MessagesToPandas(google::protobuf::Descriptor const& type, pybind11::list const& items);

}  // namespace mercato::python
