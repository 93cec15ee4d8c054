// Converts Python values to catalog messages, with TypeError/ValueError naming the offending key.
#include "catalog_arguments.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <functional>
#include <map>
#include <string_view>

#include <google/protobuf/descriptor.h>
#include <pybind11/stl.h>

#include "enum_names.h"
#include "message_from_python.h"

namespace mercato::python {
namespace py = pybind11;
namespace {

template <typename Target>
using Setter = std::function<void(Target&, py::handle)>;

std::string Str(py::handle value, char const* key) {
  if (!py::isinstance<py::str>(value)) {
    throw py::type_error(std::string(key) + " must be a str, not " + py::type::of(value).attr("__name__").cast<std::string>());
  }
  return Text(value, key);
}

std::int64_t Int(py::handle value, char const* key) {
  if (!py::isinstance<py::int_>(value) || py::isinstance<py::bool_>(value)) {
    throw py::type_error(std::string(key) + " must be an int, not " +
                         py::type::of(value).attr("__name__").cast<std::string>());
  }
  return value.cast<std::int64_t>();
}

void StringMap(google::protobuf::Map<std::string, std::string>& target, py::handle value, char const* key) {
  if (!py::isinstance<py::dict>(value)) throw py::type_error(std::string(key) + " must be a dict of str to str");
  for (auto const& [k, v] : value.cast<py::dict>()) target[Str(k, key)] = Str(v, key);
}

void StringList(google::protobuf::RepeatedPtrField<std::string>& target, py::handle value, char const* key) {
  if (py::isinstance<py::str>(value)) throw py::type_error(std::string(key) + " must be a list of str, not a str");
  for (auto const& item : py::iter(value)) *target.Add() = Str(item, key);
}

// Applies each (key, value) of `fields` with the setter registered for the key.
template <typename Target>
void Apply(Target& target, py::handle fields, std::map<std::string, Setter<Target>, std::less<>> const& setters,
           char const* what) {
  if (!py::isinstance<py::dict>(fields)) {
    throw py::type_error(std::string(what) + " must be a dict or a mercato." + what);
  }
  for (auto const& [key, value] : fields.cast<py::dict>()) {
    std::string const name = Str(key, what);
    auto it = setters.find(name);
    if (it == setters.end()) throw py::type_error("unknown " + std::string(what) + " field '" + name + "'");
    it->second(target, value);
  }
}

v1::Money MoneyFromPython(py::handle value) {
  if (py::isinstance<v1::Money>(value)) return value.cast<v1::Money>();
  static std::map<std::string, Setter<v1::Money>, std::less<>> const setters = {
      {"amount_minor", [](v1::Money& m, py::handle v) { m.set_amount_minor(Int(v, "amount_minor")); }},
      {"currency", [](v1::Money& m, py::handle v) { m.set_currency_code(Str(v, "currency")); }},
      // The contract's name, as the generated methods and Node take it.
      {"currency_code", [](v1::Money& m, py::handle v) { m.set_currency_code(Str(v, "currency_code")); }},
  };
  v1::Money money;
  Apply(money, value, setters, "Money");
  return money;
}

v1::Variant VariantFromPython(py::handle value) {
  if (py::isinstance<v1::Variant>(value)) return value.cast<v1::Variant>();
  static std::map<std::string, Setter<v1::Variant>, std::less<>> const setters = {
      {"id", [](v1::Variant& x, py::handle v) { x.set_id(Str(v, "id")); }},
      {"sku", [](v1::Variant& x, py::handle v) { x.set_sku(Str(v, "sku")); }},
      {"name", [](v1::Variant& x, py::handle v) { x.set_name(Str(v, "name")); }},
      {"attributes", [](v1::Variant& x, py::handle v) { StringMap(*x.mutable_attributes(), v, "attributes"); }},
      {"price", [](v1::Variant& x, py::handle v) { *x.mutable_price() = MoneyFromPython(v); }},
      {"compare_at_price",
       [](v1::Variant& x, py::handle v) {
         if (!v.is_none()) *x.mutable_compare_at_price() = MoneyFromPython(v);
       }},
      {"unit",
       [](v1::Variant& x, py::handle v) {
         x.set_unit(static_cast<v1::UnitOfMeasure>(
             ParseEnum(*v1::UnitOfMeasure_descriptor(), "UNIT_OF_MEASURE_", Str(v, "unit"), "unit")));
       }},
      {"unit_quantity", [](v1::Variant& x, py::handle v) { x.set_unit_quantity(Int(v, "unit_quantity")); }},
      {"barcode", [](v1::Variant& x, py::handle v) { x.set_barcode(Str(v, "barcode")); }},
  };
  v1::Variant variant;
  Apply(variant, value, setters, "Variant");
  return variant;
}

std::map<std::string, Setter<v1::Product>, std::less<>> const& ProductSetters() {
  static std::map<std::string, Setter<v1::Product>, std::less<>> const setters = {
      {"category_id", [](v1::Product& x, py::handle v) { x.set_category_id(Str(v, "category_id")); }},
      {"name", [](v1::Product& x, py::handle v) { x.set_name(Str(v, "name")); }},
      {"slug", [](v1::Product& x, py::handle v) { x.set_slug(Str(v, "slug")); }},
      {"description", [](v1::Product& x, py::handle v) { x.set_description(Str(v, "description")); }},
      {"brand", [](v1::Product& x, py::handle v) { x.set_brand(Str(v, "brand")); }},
      {"attributes", [](v1::Product& x, py::handle v) { StringMap(*x.mutable_attributes(), v, "attributes"); }},
      {"variants",
       [](v1::Product& x, py::handle v) {
         if (py::isinstance<py::str>(v) || py::isinstance<py::dict>(v)) {
           throw py::type_error("variants must be a list of dicts or mercato.Variant");
         }
         x.clear_variants();
         for (auto const& item : py::iter(v)) *x.add_variants() = VariantFromPython(item);
       }},
      {"status", [](v1::Product& x, py::handle v) { x.set_status(ParseProductStatus(Str(v, "status"))); }},
      {"image_urls", [](v1::Product& x, py::handle v) { StringList(*x.mutable_image_urls(), v, "image_urls"); }},
  };
  return setters;
}

}  // namespace

v1::ProductStatus ParseProductStatus(std::string const& name) {
  return static_cast<v1::ProductStatus>(ParseEnum(*v1::ProductStatus_descriptor(), "PRODUCT_STATUS_", name, "status"));
}

v1::ProductSort ParseProductSort(std::string const& name) {
  return static_cast<v1::ProductSort>(ParseEnum(*v1::ProductSort_descriptor(), "PRODUCT_SORT_", name, "sort"));
}

v1::Product ProductFromPython(py::handle fields) {
  if (py::isinstance<v1::Product>(fields)) return fields.cast<v1::Product>();
  v1::Product product;
  Apply(product, fields, ProductSetters(), "Product");
  return product;
}

std::pair<v1::Product, std::vector<std::string>> ProductUpdateFromPython(std::string product_id,
                                                                         py::dict const& fields) {
  if (fields.empty()) throw py::value_error("update_product needs at least one field to change");
  v1::Product product;
  Apply(product, fields, ProductSetters(), "Product");
  product.set_id(std::move(product_id));
  std::vector<std::string> paths;
  for (auto const& item : fields) paths.push_back(item.first.cast<std::string>());
  return {std::move(product), std::move(paths)};
}

v1::Category CategoryFromPython(py::dict const& fields) {
  static std::map<std::string, Setter<v1::Category>, std::less<>> const setters = {
      {"name", [](v1::Category& x, py::handle v) { x.set_name(Str(v, "name")); }},
      {"slug", [](v1::Category& x, py::handle v) { x.set_slug(Str(v, "slug")); }},
      {"parent_id",
       [](v1::Category& x, py::handle v) {
         if (!v.is_none()) x.set_parent_id(Str(v, "parent_id"));
       }},
      {"position", [](v1::Category& x, py::handle v) { x.set_position(static_cast<std::int32_t>(Int(v, "position"))); }},
  };
  v1::Category category;
  Apply(category, fields, setters, "Category");
  return category;
}

v1::ListProductsRequest ListProductsRequestFrom(ProductFilter const& filter) {
  v1::ListProductsRequest request;
  request.set_page_size(filter.page_size);
  if (filter.category_id) {
    request.set_category_id(*filter.category_id);
    request.set_include_descendants(filter.include_descendants);
  }
  if (filter.query) request.set_query(*filter.query);
  if (filter.min_price) request.set_min_price_minor(*filter.min_price);
  if (filter.max_price) request.set_max_price_minor(*filter.max_price);
  if (filter.currency) request.set_currency_code(*filter.currency);
  request.set_in_stock_only(filter.in_stock_only);
  if (filter.status) request.set_status(ParseProductStatus(*filter.status));
  if (filter.sort) request.set_sort(ParseProductSort(*filter.sort));
  return request;
}

}  // namespace mercato::python
