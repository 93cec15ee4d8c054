// Fills one numpy column per field (frame_columns.h), one product per row.
#include "product_frame.h"

#include <cstdint>
#include <string>
#include <vector>

#include <pybind11/numpy.h>

#include "catalog_types.h"
#include "frame_columns.h"

namespace mercato::python {
namespace py = pybind11;

py::object ProductsToPandas(std::vector<v1::Product> const& products) {
  py::module_ pandas = ImportPandas();
  std::size_t const n = products.size();
  StringColumn id(n, false), name(n, false), slug(n, false), brand(n, true), category_id(n, true), status(n, true),
      currency(n, true);
  auto min_price = Column<std::int64_t>(n), available = Column<std::int64_t>(n), variants = Column<std::int64_t>(n),
       version = Column<std::int64_t>(n);
  auto in_stock = Column<bool>(n);
  auto created_at = TimeColumn(n), updated_at = TimeColumn(n);
  auto* min_price_data = min_price.mutable_data();
  auto* available_data = available.mutable_data();
  auto* variants_data = variants.mutable_data();
  auto* version_data = version.mutable_data();
  auto* in_stock_data = in_stock.mutable_data();
  auto* created_data = TimeData(created_at);
  auto* updated_data = TimeData(updated_at);

  for (std::size_t row = 0; row < n; ++row) {
    v1::Product const& p = products[row];
    id.Set(row, p.id());
    name.Set(row, p.name());
    slug.Set(row, p.slug());
    brand.Set(row, p.brand());
    category_id.Set(row, p.category_id());
    status.Set(row, ProductStatusName(p.status()));
    v1::Variant const* cheapest = nullptr;
    bool any_in_stock = false;
    std::int64_t units = 0;
    for (auto const& v : p.variants()) {
      if (!cheapest || v.price().amount_minor() < cheapest->price().amount_minor()) cheapest = &v;
      any_in_stock = any_in_stock || v.in_stock();
      units += v.available_quantity();
    }
    min_price_data[row] = cheapest ? cheapest->price().amount_minor() : 0;
    currency.Set(row, cheapest ? cheapest->price().currency_code() : std::string());
    in_stock_data[row] = any_in_stock;
    available_data[row] = units;
    variants_data[row] = p.variants_size();
    version_data[row] = p.version();
    created_data[row] = Nanoseconds(p.created_at(), p.has_created_at());
    updated_data[row] = Nanoseconds(p.updated_at(), p.has_updated_at());
  }

  py::dict columns;
  columns["id"] = id.array();
  columns["name"] = name.array();
  columns["slug"] = slug.array();
  columns["brand"] = brand.array();
  columns["category_id"] = category_id.array();
  columns["status"] = status.array();
  columns["min_price_minor"] = min_price;
  columns["currency"] = currency.array();
  columns["in_stock"] = in_stock;
  columns["available_quantity"] = available;
  columns["variants_count"] = variants;
  columns["version"] = version;
  columns["created_at"] = created_at;
  columns["updated_at"] = updated_at;
  return pandas.attr("DataFrame")(columns);
}

}  // namespace mercato::python
