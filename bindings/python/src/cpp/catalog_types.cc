// Binds Money, Variant, Product and Category. Nested values (a product's variants, a variant's
// price) are returned as views into their parent, which they keep alive; nothing is mutable.
#include "catalog_types.h"

#include <ctime>
#include <string_view>

#include <datetime.h>
#include <google/protobuf/util/message_differencer.h>
#include <pybind11/stl.h>

#include "enum_names.h"
#include "mercato/money.h"

namespace mercato::python {
namespace py = pybind11;
namespace {

constexpr auto kView = py::return_value_policy::reference_internal;

std::string UnitName(v1::UnitOfMeasure unit) { return WithoutPrefix(v1::UnitOfMeasure_Name(unit), "UNIT_OF_MEASURE_"); }

py::dict ToDict(google::protobuf::Map<std::string, std::string> const& map) {
  py::dict result;
  for (auto const& [key, value] : map) result[py::str(key)] = py::str(value);
  return result;
}

py::list ToList(google::protobuf::RepeatedPtrField<std::string> const& values) {
  py::list result;
  for (auto const& value : values) result.append(py::str(value));
  return result;
}

py::object MoneyDict(v1::Money const& money) {
  py::dict result;
  result["amount_minor"] = money.amount_minor();
  result["currency"] = money.currency_code();
  return result;
}

py::dict VariantDict(v1::Variant const& v) {
  py::dict d;
  d["id"] = v.id();
  d["sku"] = v.sku();
  d["name"] = v.name();
  d["attributes"] = ToDict(v.attributes());
  d["price"] = v.has_price() ? MoneyDict(v.price()) : py::none();
  d["compare_at_price"] = v.has_compare_at_price() ? MoneyDict(v.compare_at_price()) : py::none();
  d["unit"] = UnitName(v.unit());
  d["unit_quantity"] = v.unit_quantity();
  d["barcode"] = v.barcode();
  d["in_stock"] = v.in_stock();
  d["available_quantity"] = v.available_quantity();
  d["version"] = v.version();
  return d;
}

py::dict ProductDict(v1::Product const& p) {
  py::dict d;
  d["id"] = p.id();
  d["category_id"] = p.category_id();
  d["name"] = p.name();
  d["slug"] = p.slug();
  d["description"] = p.description();
  d["brand"] = p.brand();
  d["attributes"] = ToDict(p.attributes());
  py::list variants;
  for (auto const& v : p.variants()) variants.append(VariantDict(v));
  d["variants"] = variants;
  d["status"] = ProductStatusName(p.status());
  d["image_urls"] = ToList(p.image_urls());
  d["version"] = p.version();
  d["created_at"] = ToDatetime(p.created_at(), p.has_created_at());
  d["updated_at"] = ToDatetime(p.updated_at(), p.has_updated_at());
  return d;
}

py::object ParentId(v1::Category const& c) {
  if (c.parent_id().empty()) return py::none();
  return py::str(c.parent_id());
}

py::dict CategoryDict(v1::Category const& c) {
  py::dict d;
  d["id"] = c.id();
  d["parent_id"] = ParentId(c);
  d["name"] = c.name();
  d["slug"] = c.slug();
  d["ancestor_ids"] = ToList(c.ancestor_ids());
  d["position"] = c.position();
  d["version"] = c.version();
  d["created_at"] = ToDatetime(c.created_at(), c.has_created_at());
  d["updated_at"] = ToDatetime(c.updated_at(), c.has_updated_at());
  return d;
}

std::string Repr(py::handle value) { return py::repr(value).cast<std::string>(); }

template <typename Message>
bool Equal(Message const& a, py::handle b) {
  if (!py::isinstance<Message>(b)) return false;
  return google::protobuf::util::MessageDifferencer::Equals(a, b.cast<Message const&>());
}

// A read-only property returning the message field that `getter` reads, by value.
template <typename Message, typename... Holder, typename Getter>
void Field(py::class_<Message, Holder...>& cls, char const* name, Getter getter) {
  cls.def_property_readonly(name, [getter](Message const& message) { return (message.*getter)(); });
}

// Refuses `value.__class__ = OtherType`. CPython allows it between pybind11 classes (same layout),
// and a cached Product or Category is one object shared by every caller of the client: another
// class would read its C++ value as something it is not. The property goes into the class's dict,
// as a class body's `__class__ = property(...)` would (setattr would change the metaclass).
template <typename Message, typename... Holder>
void FixedClass(py::class_<Message, Holder...>& cls) {
  py::object property = py::module_::import("builtins").attr("property")(
      py::cpp_function([](py::handle self) { return py::type::of(self); }),
      py::cpp_function([](py::handle, py::handle) {
        throw py::type_error("the class of a mercato value cannot be changed");
      }));
  auto* type = reinterpret_cast<PyTypeObject*>(cls.ptr());
  if (PyDict_SetItemString(type->tp_dict, "__class__", property.ptr()) != 0) throw py::error_already_set();
  PyType_Modified(type);
}

}  // namespace

std::string ProductStatusName(v1::ProductStatus status) {
  return WithoutPrefix(v1::ProductStatus_Name(status), "PRODUCT_STATUS_");
}

py::object ToDatetime(google::protobuf::Timestamp const& timestamp, bool is_set) {
  if (!is_set) return py::none();
  if (!PyDateTimeAPI) PyDateTime_IMPORT;
  std::time_t const seconds = static_cast<std::time_t>(timestamp.seconds());
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  PyObject* value = PyDateTimeAPI->DateTime_FromDateAndTime(
      utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, timestamp.nanos() / 1000,
      PyDateTime_TimeZone_UTC, PyDateTimeAPI->DateTimeType);
  if (!value) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(value);
}

void RegisterCatalogTypes(py::module_& m) {
  py::class_<v1::Money> money(m, "Money",
                              "An amount in a currency's minor units: Money(1999, 'GBP') is 19.99 GBP (digits per "
                              "ISO 4217, from ICU). amount gives the decimal amount, amount_minor the integer.");
  money.def(py::init([](py::object amount_minor, std::string currency) {
              // An int only: a Decimal or float amount is in major units, which minor units must not guess.
              if (PyBool_Check(amount_minor.ptr()) || !PyIndex_Check(amount_minor.ptr())) {
                throw py::type_error("amount_minor: expected an int number of minor units (1999 for 19.99 GBP), got " +
                                     py::str(py::type::of(amount_minor).attr("__name__")).cast<std::string>());
              }
              v1::Money result;
              result.set_amount_minor(py::int_(amount_minor).cast<std::int64_t>());
              result.set_currency_code(std::move(currency));
              return result;
            }),
            py::arg("amount_minor"), py::arg("currency"));
  Field(money, "amount_minor", &v1::Money::amount_minor);
  money.def_property_readonly("currency", [](v1::Money const& x) { return x.currency_code(); });
  money.def_property_readonly(
      "currency_code", [](v1::Money const& x) { return x.currency_code(); }, "The contract's name for currency.");
  FixedClass(money);
  money.def("to_dict", &MoneyDict);
  money.def("__eq__", &Equal<v1::Money>);
  money.attr("__hash__") = py::none();
  money.def_property_readonly(
      "amount", [](v1::Money const& x) { return py::module_::import("decimal").attr("Decimal")(DecimalAmount(x)); },
      "The amount as a decimal.Decimal in the currency's unit (1999 GBP minor units -> Decimal('19.99')).");
  money.def("__str__", [](v1::Money const& x) { return DecimalAmount(x) + " " + x.currency_code(); });
  money.def("__repr__", [](v1::Money const& x) { return "<Money " + DecimalAmount(x) + " " + x.currency_code() + ">"; });

  py::class_<v1::Variant> variant(m, "Variant", "A sellable variation of a product, identified by its SKU.");
  Field(variant, "id", &v1::Variant::id);
  Field(variant, "sku", &v1::Variant::sku);
  Field(variant, "name", &v1::Variant::name);
  Field(variant, "unit_quantity", &v1::Variant::unit_quantity);
  Field(variant, "barcode", &v1::Variant::barcode);
  Field(variant, "in_stock", &v1::Variant::in_stock);
  Field(variant, "available_quantity", &v1::Variant::available_quantity);
  Field(variant, "version", &v1::Variant::version);
  variant.def_property_readonly("attributes", [](v1::Variant const& x) { return ToDict(x.attributes()); });
  variant.def_property_readonly("unit", [](v1::Variant const& x) { return UnitName(x.unit()); });
  variant.def_property_readonly("price", [](py::object self) -> py::object {
    auto const& x = self.cast<v1::Variant const&>();
    return x.has_price() ? py::cast(&x.price(), kView, self) : py::none();
  });
  variant.def_property_readonly("compare_at_price", [](py::object self) -> py::object {
    auto const& x = self.cast<v1::Variant const&>();
    return x.has_compare_at_price() ? py::cast(&x.compare_at_price(), kView, self) : py::none();
  });
  FixedClass(variant);
  variant.def("to_dict", &VariantDict);
  variant.def("__eq__", &Equal<v1::Variant>);
  variant.attr("__hash__") = py::none();
  variant.def("__repr__", [](v1::Variant const& x) {
    std::string price = x.has_price() ? DecimalAmount(x.price()) + " " + x.price().currency_code() : "-";
    return "Variant(sku=" + Repr(py::str(x.sku())) + ", name=" + Repr(py::str(x.name())) + ", price=" +
           Repr(py::str(price)) + ", in_stock=" + (x.in_stock() ? "True" : "False") + ")";
  });

  // Shared holders: a cached product or category is handed to Python without a copy.
  py::class_<v1::Product, std::shared_ptr<v1::Product>> product(m, "Product",
                                                               "A product and its variants, as read from mercatod.");
  Field(product, "id", &v1::Product::id);
  Field(product, "category_id", &v1::Product::category_id);
  Field(product, "name", &v1::Product::name);
  Field(product, "slug", &v1::Product::slug);
  Field(product, "description", &v1::Product::description);
  Field(product, "brand", &v1::Product::brand);
  Field(product, "version", &v1::Product::version);
  product.def_property_readonly("attributes", [](v1::Product const& x) { return ToDict(x.attributes()); });
  product.def_property_readonly("status", [](v1::Product const& x) { return ProductStatusName(x.status()); });
  product.def_property_readonly("image_urls", [](v1::Product const& x) { return ToList(x.image_urls()); });
  product.def_property_readonly("created_at",
                                [](v1::Product const& x) { return ToDatetime(x.created_at(), x.has_created_at()); });
  product.def_property_readonly("updated_at",
                                [](v1::Product const& x) { return ToDatetime(x.updated_at(), x.has_updated_at()); });
  product.def_property_readonly("variants", [](py::object self) {
    py::list result;
    for (auto const& v : self.cast<v1::Product const&>().variants()) result.append(py::cast(&v, kView, self));
    return result;
  });
  FixedClass(product);
  product.def("to_dict", &ProductDict);
  product.def("__eq__", &Equal<v1::Product>);
  product.attr("__hash__") = py::none();
  product.def("__repr__", [](v1::Product const& x) {
    return "Product(id=" + Repr(py::str(x.id())) + ", name=" + Repr(py::str(x.name())) +
           ", brand=" + Repr(py::str(x.brand())) + ", status=" + Repr(py::str(ProductStatusName(x.status()))) +
           ", variants=" + std::to_string(x.variants_size()) + ", version=" + std::to_string(x.version()) + ")";
  });

  py::class_<v1::Category, std::shared_ptr<v1::Category>> category(m, "Category", "A node of the category tree.");
  Field(category, "id", &v1::Category::id);
  Field(category, "name", &v1::Category::name);
  Field(category, "slug", &v1::Category::slug);
  Field(category, "position", &v1::Category::position);
  Field(category, "version", &v1::Category::version);
  category.def_property_readonly("parent_id", &ParentId);
  category.def_property_readonly("ancestor_ids", [](v1::Category const& x) { return ToList(x.ancestor_ids()); });
  category.def_property_readonly("created_at",
                                 [](v1::Category const& x) { return ToDatetime(x.created_at(), x.has_created_at()); });
  category.def_property_readonly("updated_at",
                                 [](v1::Category const& x) { return ToDatetime(x.updated_at(), x.has_updated_at()); });
  FixedClass(category);
  category.def("to_dict", &CategoryDict);
  category.def("__eq__", &Equal<v1::Category>);
  category.attr("__hash__") = py::none();
  category.def("__repr__", [](v1::Category const& x) {
    return "Category(id=" + Repr(py::str(x.id())) + ", name=" + Repr(py::str(x.name())) +
           ", parent_id=" + Repr(ParentId(x)) + ", version=" + std::to_string(x.version()) + ")";
  });
}

}  // namespace mercato::python
