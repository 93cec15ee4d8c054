// mercato.MessageIterator (see message_iterator.h).
#include "message_iterator.h"

#include "message_frame.h"

namespace mercato::python {
namespace py = pybind11;

py::object MessageIterator::Next() {
  py::object item = next_();
  if (!item) throw py::stop_iteration();
  return item;
}

py::object MessageIterator::ToPandas() { return MessagesToPandas(*item_type_, ToList()); }

void RegisterMessageIterator(py::module_& m) {
  py::class_<MessageIterator>(m, "MessageIterator",
                              "The items of a list call, fetched a page at a time as iteration reaches them.")
      .def("__iter__", [](py::object self) { return self; })
      .def("__next__", &MessageIterator::Next)
      .def("to_list", &MessageIterator::ToList, "Every item not consumed yet, as a list of mercato.Message.")
      .def("to_pandas", &MessageIterator::ToPandas,
           "Every item not consumed yet as a pandas.DataFrame: one column per field of the item (a Money field "
           "`x` as x (decimal amount), x_minor and x_currency; timestamps as UTC datetimes).");
}

}  // namespace mercato::python
