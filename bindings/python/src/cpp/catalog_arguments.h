// Python arguments -> the SDK's request messages: keyword arguments and dicts (or the value
// classes themselves) become v1::Product / v1::Variant / v1::Money, names become enum values.
// Everything here runs with the GIL held, before the SDK call.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <pybind11/pybind11.h>

#include "mercato/v1/catalog.pb.h"

namespace mercato::python {

// A Product instance (copied), or a mapping of product fields, variants as mappings or Variants.
v1::Product ProductFromPython(pybind11::handle fields);

// The product named by `product_id` with the given fields set, and the field mask naming them.
std::pair<v1::Product, std::vector<std::string>> ProductUpdateFromPython(std::string product_id,
                                                                         pybind11::dict const& fields);

v1::Category CategoryFromPython(pybind11::dict const& fields);

// "ACTIVE" / "active" -> PRODUCT_STATUS_ACTIVE, "PRICE_ASC" -> PRODUCT_SORT_PRICE_ASC;
// an unknown name raises ValueError listing the accepted ones.
v1::ProductStatus ParseProductStatus(std::string const& name);
v1::ProductSort ParseProductSort(std::string const& name);

struct ProductFilter {
  std::optional<std::string> category_id;
  std::optional<std::string> query;
  std::optional<std::int64_t> min_price;
  std::optional<std::int64_t> max_price;
  std::optional<std::string> currency;
  bool in_stock_only = false;
  std::optional<std::string> status;
  std::optional<std::string> sort;
  int page_size = 50;
  bool include_descendants = true;
};

v1::ListProductsRequest ListProductsRequestFrom(ProductFilter const& filter);

}  // namespace mercato::python
