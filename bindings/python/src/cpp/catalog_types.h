// Python classes for the catalog's value types (Money, Variant, Product, Category): read-only
// views of copies of the SDK's messages, with __repr__, __eq__ and to_dict().
#pragma once

#include <string>

#include <google/protobuf/timestamp.pb.h>
#include <pybind11/pybind11.h>

#include "mercato/v1/catalog.pb.h"

namespace mercato::python {

void RegisterCatalogTypes(pybind11::module_& m);

// Enum values as Python sees them: the proto name without its type prefix ("ACTIVE", "GRAM").
std::string ProductStatusName(v1::ProductStatus status);

// A UTC datetime, or None when the timestamp is unset.
pybind11::object ToDatetime(google::protobuf::Timestamp const& timestamp, bool is_set);

}  // namespace mercato::python
