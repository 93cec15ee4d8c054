// Column-wise DataFrame of messages (see message_frame.h).
#include "message_frame.h"

#include <cmath>
#include <string>

#include "delivery_frame.h"
#include "frame_columns.h"
#include "mercato/money.h"
#include "mercato/v1/common.pb.h"

namespace mercato::python {
namespace py = pybind11;
namespace pb = google::protobuf;

py::object MessagesToPandas(pb::Descriptor const& type, py::list const& items) {
  py::module_ pandas = ImportPandas();
  py::dict columns;
  for (int i = 0; i < type.field_count(); ++i) {
    pb::FieldDescriptor const& field = *type.field(i);
    std::string const name = field.name();
    bool const money = !field.is_repeated() && field.message_type() &&
                       field.message_type()->full_name() == v1::Money::descriptor()->full_name();
    py::list values, minor, currency;
    for (py::handle item : items) {
      py::object value = item.attr(name.c_str());
      if (money) {
        bool const set = !value.is_none();
        auto const* amount = set ? &value.cast<v1::Money const&>() : nullptr;
        // Both operands are exact below 2^53, so the quotient is the double nearest the decimal amount.
        values.append(set ? py::float_(static_cast<double>(amount->amount_minor()) /
                                       std::pow(10.0, CurrencyDigits(amount->currency_code())))
                          : py::float_(std::nan("")));
        minor.append(set ? py::object(py::int_(amount->amount_minor())) : py::object(py::none()));
        currency.append(set ? py::object(py::str(amount->currency_code())) : py::object(py::none()));
      } else {
        values.append(value);
      }
    }
    if (field.message_type() && field.message_type()->full_name() == "google.protobuf.Timestamp" &&
        !field.is_repeated()) {
      columns[py::str(name)] = pandas.attr("to_datetime")(values, py::arg("utc") = true);
    } else if (money) {
      columns[py::str(name)] = pandas.attr("Series")(values, py::arg("dtype") = "float64");
      columns[py::str(name + "_minor")] = pandas.attr("Series")(minor, py::arg("dtype") = "Int64");
      columns[py::str(name + "_currency")] = pandas.attr("Series")(currency, py::arg("dtype") = "object");
    } else {
      columns[py::str(name)] = pandas.attr("Series")(values, py::arg("dtype") = "object").attr("infer_objects")();
    }
  }
  AddDeliveryColumns(type, items, columns);
  return pandas.attr("DataFrame")(columns);
}

}  // namespace mercato::python
