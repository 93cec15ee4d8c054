// Fills numpy arrays directly: numbers and booleans into their buffers, strings as Python str
// objects (repeated values such as brand or status share one object).
#include "product_frame.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <unordered_map>
#include <vector>

#include <pybind11/numpy.h>

#include "catalog_types.h"

namespace mercato::python {
namespace py = pybind11;
namespace {

// An object-dtype column of str, filled in place.
class StringColumn {
 public:
  StringColumn(std::size_t rows, bool shared_values)
      : array_(py::dtype("O"), std::vector<py::ssize_t>{static_cast<py::ssize_t>(rows)}), shared_values_(shared_values) {}

  void Set(std::size_t row, std::string const& value) {
    PyObject* object = nullptr;
    if (shared_values_) {
      auto [it, inserted] = seen_.try_emplace(value);
      if (inserted) it->second = py::str(value);
      object = it->second.inc_ref().ptr();
    } else {
      object = py::str(value).release().ptr();
    }
    auto** slots = static_cast<PyObject**>(array_.mutable_data());
    Py_XDECREF(slots[row]);
    slots[row] = object;
  }

  py::array& array() { return array_; }

 private:
  py::array array_;
  bool shared_values_;
  std::unordered_map<std::string, py::object> seen_;
};

template <typename T>
py::array_t<T> Column(std::size_t rows) {
  return py::array_t<T>(static_cast<py::ssize_t>(rows));
}

// numpy's NaT for an unset timestamp.
std::int64_t Nanoseconds(google::protobuf::Timestamp const& t, bool is_set) {
  return is_set ? t.seconds() * 1'000'000'000 + t.nanos() : std::numeric_limits<std::int64_t>::min();
}

}  // namespace

py::object ProductsToPandas(std::vector<v1::Product> const& products) {
  py::module_ pandas;
  try {
    pandas = py::module_::import("pandas");
  } catch (py::error_already_set const&) {
    throw py::import_error("to_pandas() needs pandas: pip install 'mercato[pandas]'");
  }
  std::size_t const n = products.size();
  StringColumn id(n, false), name(n, false), slug(n, false), brand(n, true), category_id(n, true), status(n, true),
      currency(n, true);
  auto min_price = Column<std::int64_t>(n), available = Column<std::int64_t>(n), variants = Column<std::int64_t>(n),
       version = Column<std::int64_t>(n);
  auto in_stock = Column<bool>(n);
  std::vector<py::ssize_t> const shape{static_cast<py::ssize_t>(n)};
  py::array created_at(py::dtype("datetime64[ns]"), shape);
  py::array updated_at(py::dtype("datetime64[ns]"), shape);
  auto* min_price_data = min_price.mutable_data();
  auto* available_data = available.mutable_data();
  auto* variants_data = variants.mutable_data();
  auto* version_data = version.mutable_data();
  auto* in_stock_data = in_stock.mutable_data();
  auto* created_data = static_cast<std::int64_t*>(created_at.mutable_data());
  auto* updated_data = static_cast<std::int64_t*>(updated_at.mutable_data());

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
