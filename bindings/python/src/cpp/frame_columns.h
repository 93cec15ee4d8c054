// The column builders behind every to_pandas(): numpy arrays filled in place from C++ (numbers
// and booleans into their buffers, strings as Python str objects, repeated values sharing one),
// handed to pandas in a single DataFrame(dict) call. Everything here needs the GIL.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <unordered_map>
#include <vector>

#include <google/protobuf/timestamp.pb.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

namespace mercato::python {

// pandas, imported only when a frame is asked for (it is an optional dependency).
inline pybind11::module_ ImportPandas() {
  try {
    return pybind11::module_::import("pandas");
  } catch (pybind11::error_already_set const&) {
    throw pybind11::import_error("to_pandas() needs pandas: pip install 'pandas>=2.0' (or install this package with its [pandas] extra)");
  }
}

// An object-dtype column of str, filled in place; `shared_values` for low-cardinality columns
// (brand, status, location) so that equal strings are one object.
class StringColumn {
 public:
  StringColumn(std::size_t rows, bool shared_values)
      : array_(pybind11::dtype("O"), std::vector<pybind11::ssize_t>{static_cast<pybind11::ssize_t>(rows)}),
        shared_values_(shared_values) {}

  void Set(std::size_t row, std::string const& value) {
    PyObject* object = nullptr;
    if (shared_values_) {
      auto [it, inserted] = seen_.try_emplace(value);
      if (inserted) it->second = pybind11::str(value);
      object = it->second.inc_ref().ptr();
    } else {
      object = pybind11::str(value).release().ptr();
    }
    auto** slots = static_cast<PyObject**>(array_.mutable_data());
    Py_XDECREF(slots[row]);
    slots[row] = object;
  }

  pybind11::array& array() { return array_; }

 private:
  pybind11::array array_;
  bool shared_values_;
  std::unordered_map<std::string, pybind11::object> seen_;
};

template <typename T>
pybind11::array_t<T> Column(std::size_t rows) {
  return pybind11::array_t<T>(static_cast<pybind11::ssize_t>(rows));
}

// A datetime64[ns] column; fill it through TimeData() with Nanoseconds().
inline pybind11::array TimeColumn(std::size_t rows) {
  return pybind11::array(pybind11::dtype("datetime64[ns]"),
                         std::vector<pybind11::ssize_t>{static_cast<pybind11::ssize_t>(rows)});
}

inline std::int64_t* TimeData(pybind11::array& column) { return static_cast<std::int64_t*>(column.mutable_data()); }

// Nanoseconds since the epoch, or numpy's NaT for an unset timestamp.
inline std::int64_t Nanoseconds(google::protobuf::Timestamp const& t, bool is_set) {
  return is_set ? t.seconds() * 1'000'000'000 + t.nanos() : std::numeric_limits<std::int64_t>::min();
}

}  // namespace mercato::python
