// Python values -> message fields by reflection (see message_from_python.h for the mapping).
#include "message_from_python.h"

#include <cctype>
#include <climits>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <string>

#include <datetime.h>
#include <google/protobuf/descriptor.h>
#include <google/protobuf/duration.pb.h>

#include "enum_names.h"
#include "message_view.h"
#include "mercato/v1/common.pb.h"

namespace mercato::python {
namespace py = pybind11;
namespace pb = google::protobuf;
namespace {

using FD = pb::FieldDescriptor;

[[noreturn]] void WrongType(std::string const& path, char const* expected, py::handle value) {
  throw py::type_error(path + ": expected " + expected + ", got " +
                       py::str(py::type::of(value).attr("__name__")).cast<std::string>());
}

// numpy's bool_ (what a DataFrame's bool column holds); numpy is imported only if the caller has.
bool IsNumpyBool(py::handle value) {
  PyObject* numpy = PyImport_GetModule(py::str("numpy").ptr());
  if (!numpy) {
    PyErr_Clear();
    return false;
  }
  py::object module = py::reinterpret_steal<py::object>(numpy);
  return py::isinstance(value, module.attr("bool_"));
}

bool IsBool(py::handle value) { return PyBool_Check(value.ptr()) || IsNumpyBool(value); }

// An int, or anything that is one by __index__ (numpy's integers, from a DataFrame), as a Python int.
py::object AsInt(py::handle value, std::string const& path) {
  if (PyLong_CheckExact(value.ptr())) return py::reinterpret_borrow<py::object>(value);  // the common case
  if (IsBool(value) || !PyIndex_Check(value.ptr())) WrongType(path, "an int", value);
  PyObject* index = PyNumber_Index(value.ptr());
  if (!index) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(index);
}

std::int64_t Integer(py::handle given, std::string const& path, std::int64_t low, std::int64_t high) {
  py::object const value = AsInt(given, path);
  int overflow = 0;
  long long const n = PyLong_AsLongLongAndOverflow(value.ptr(), &overflow);
  if (overflow != 0 || n < low || n > high) {
    throw py::value_error(path + " = " + py::str(value).cast<std::string>() + " is out of range [" +
                          std::to_string(low) + ", " + std::to_string(high) + "]");
  }
  return n;
}

std::uint64_t Unsigned(py::handle given, std::string const& path, std::uint64_t high) {
  py::object const value = AsInt(given, path);
  unsigned long long const n = PyLong_AsUnsignedLongLong(value.ptr());
  if (PyErr_Occurred() || n > high) {
    PyErr_Clear();
    throw py::value_error(path + " = " + py::str(value).cast<std::string>() + " is out of range [0, " +
                          std::to_string(high) + "]");
  }
  return n;
}

double Real(py::handle value, std::string const& path) {
  if (IsBool(value) || !(PyFloat_Check(value.ptr()) || PyIndex_Check(value.ptr()))) WrongType(path, "a number", value);
  double const real = PyFloat_AsDouble(value.ptr());
  if (real == -1.0 && PyErr_Occurred()) {
    PyErr_Clear();
    throw py::value_error(path + " is out of range for a double");
  }
  return real;
}

// By short or full name, in any case, as the Node binding takes them; UNSPECIFIED too (unset), so
// that what a result reads back as can be sent again.
pb::EnumValueDescriptor const* EnumValue(py::handle value, pb::EnumDescriptor const& type, std::string const& path) {
  if (!py::isinstance<py::str>(value)) WrongType(path, ("the name of a " + type.name()).c_str(), value);
  std::string name = value.cast<std::string>();
  for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::string const prefix = EnumValuePrefix(type);
  std::string accepted;
  for (int i = 0; i < type.value_count(); ++i) {
    pb::EnumValueDescriptor const& candidate = *type.value(i);
    std::string const short_name = EnumShortName(candidate);
    if (short_name == name || candidate.name() == name) return &candidate;
    accepted += (i ? ", " : "") + short_name;
  }
  throw py::value_error(path + ": unknown " + type.name() + " '" + value.cast<std::string>() + "'; expected one of " +
                        accepted);
}

bool IsMapping(py::handle value) {
  return PyDict_Check(value.ptr()) || (!py::isinstance<py::str>(value) && !py::isinstance<py::bytes>(value) &&
                                       !PySequence_Check(value.ptr()) && py::hasattr(value, "keys") &&
                                       py::hasattr(value, "items"));
}

void FillFields(py::handle mapping, pb::Message* message, std::string const& path);

void FillSpecial(py::handle value, pb::Message* message, std::string const& path) {
  std::string const& type = message->GetDescriptor()->full_name();
  if (!PyDateTimeAPI) PyDateTime_IMPORT;
  if (type == "google.protobuf.Timestamp") {
    if (!PyDateTime_Check(value.ptr())) WrongType(path, "a datetime", value);
    message->CopyFrom(TimestampFromPython(value));
  } else if (type == "google.protobuf.Duration") {
    double seconds = 0;
    if (PyDelta_Check(value.ptr())) {
      seconds = value.attr("total_seconds")().cast<double>();
    } else {
      seconds = Real(value, path);
    }
    if (!std::isfinite(seconds) || std::fabs(seconds) > 315'576'000'000.0) {
      throw py::value_error(path + ": a duration of at most 10,000 years");
    }
    pb::Duration duration;
    duration.set_seconds(static_cast<std::int64_t>(seconds));
    duration.set_nanos(static_cast<std::int32_t>(std::llround((seconds - static_cast<double>(duration.seconds())) * 1e9)));
    message->CopyFrom(duration);
  } else if (type == "mercato.v1.Money" && py::isinstance<v1::Money>(value)) {
    message->CopyFrom(value.cast<v1::Money const&>());
  } else if (type == "mercato.v1.Money" && IsMapping(value) &&
             py::reinterpret_borrow<py::object>(value).contains("currency")) {
    // Money.to_dict()'s keys: "currency" stands for the contract's currency_code.
    py::dict fields(py::reinterpret_borrow<py::object>(value));
    if (fields.contains("currency_code")) throw py::type_error(path + ": give currency or currency_code, not both");
    fields["currency_code"] = fields.attr("pop")("currency");
    FillFields(fields, message, path);
  } else if (py::isinstance<MessageView>(value)) {
    auto const& view = value.cast<MessageView const&>().message();
    if (view.GetDescriptor() != message->GetDescriptor()) {
      throw py::type_error(path + ": expected a " + message->GetDescriptor()->name() + ", got a " +
                           view.GetDescriptor()->name());
    }
    message->CopyFrom(view);
  } else if (IsMapping(value)) {
    FillFields(value, message, path);
  } else {
    WrongType(path, ("a dict of " + message->GetDescriptor()->name() + " fields").c_str(), value);
  }
}

// Sets `field` (adds to it when `add`) to `value`.
void SetValue(pb::Message* message, FD const& field, py::handle value, std::string const& path, bool add) {
  auto const* r = message->GetReflection();
  switch (field.cpp_type()) {
    case FD::CPPTYPE_STRING: {
      bool const bytes = field.type() == FD::TYPE_BYTES;
      if (bytes ? !py::isinstance<py::bytes>(value) : !py::isinstance<py::str>(value)) {
        WrongType(path, bytes ? "bytes" : "a str", value);
      }
      std::string s = bytes ? value.cast<std::string>() : Text(value, path);
      add ? r->AddString(message, &field, std::move(s)) : r->SetString(message, &field, std::move(s));
      return;
    }
    case FD::CPPTYPE_BOOL: {
      if (!IsBool(value)) WrongType(path, "a bool", value);
      bool const b = PyObject_IsTrue(value.ptr()) == 1;
      add ? r->AddBool(message, &field, b) : r->SetBool(message, &field, b);
      return;
    }
    case FD::CPPTYPE_INT32: {
      auto const n = static_cast<std::int32_t>(Integer(value, path, INT32_MIN, INT32_MAX));
      add ? r->AddInt32(message, &field, n) : r->SetInt32(message, &field, n);
      return;
    }
    case FD::CPPTYPE_INT64: {
      auto const n = Integer(value, path, INT64_MIN, INT64_MAX);
      add ? r->AddInt64(message, &field, n) : r->SetInt64(message, &field, n);
      return;
    }
    case FD::CPPTYPE_UINT32: {
      auto const n = static_cast<std::uint32_t>(Unsigned(value, path, UINT32_MAX));
      add ? r->AddUInt32(message, &field, n) : r->SetUInt32(message, &field, n);
      return;
    }
    case FD::CPPTYPE_UINT64: {
      auto const n = Unsigned(value, path, UINT64_MAX);
      add ? r->AddUInt64(message, &field, n) : r->SetUInt64(message, &field, n);
      return;
    }
    case FD::CPPTYPE_DOUBLE:
      add ? r->AddDouble(message, &field, Real(value, path)) : r->SetDouble(message, &field, Real(value, path));
      return;
    case FD::CPPTYPE_FLOAT: {
      auto const f = static_cast<float>(Real(value, path));
      add ? r->AddFloat(message, &field, f) : r->SetFloat(message, &field, f);
      return;
    }
    case FD::CPPTYPE_ENUM: {
      auto const* e = EnumValue(value, *field.enum_type(), path);
      add ? r->AddEnum(message, &field, e) : r->SetEnum(message, &field, e);
      return;
    }
    case FD::CPPTYPE_MESSAGE:
      FillSpecial(value, add ? r->AddMessage(message, &field) : r->MutableMessage(message, &field), path);
      return;
  }
}

void SetField(pb::Message* message, FD const& field, py::handle value, std::string const& path) {
  if (field.is_map()) {
    if (!PyDict_Check(value.ptr())) WrongType(path, "a dict", value);
    FD const& key = *field.message_type()->map_key();
    FD const& mapped = *field.message_type()->map_value();
    for (auto [k, v] : value.cast<py::dict>()) {
      std::string const item = path + "[" + py::repr(k).cast<std::string>() + "]";
      pb::Message* entry = message->GetReflection()->AddMessage(message, &field);
      SetValue(entry, key, k, item, false);
      SetValue(entry, mapped, v, item, false);
    }
    return;
  }
  if (field.is_repeated()) {
    if (py::isinstance<py::str>(value) || py::isinstance<py::bytes>(value) || PyDict_Check(value.ptr()) ||
        !py::isinstance<py::iterable>(value)) {
      WrongType(path, "a list", value);
    }
    std::size_t i = 0;
    for (py::handle item : value) SetValue(message, field, item, path + "[" + std::to_string(i++) + "]", true);
    return;
  }
  SetValue(message, field, value, path, false);
}

void FillFields(py::handle mapping, pb::Message* message, std::string const& path) {
  auto const* descriptor = message->GetDescriptor();
  std::map<pb::OneofDescriptor const*, std::string> oneofs_set;  // oneof -> the member given
  py::object items = mapping.attr("items")();
  for (py::handle item : items) {
    py::handle key = item.cast<py::tuple>()[0];
    py::handle value = item.cast<py::tuple>()[1];
    if (!py::isinstance<py::str>(key)) WrongType(path.empty() ? "a key" : path, "field names as str", key);
    std::string const name = key.cast<std::string>();
    FD const* field = descriptor->FindFieldByName(name);
    if (!field) {
      std::string known;
      for (int i = 0; i < descriptor->field_count(); ++i) known += (i ? ", " : "") + descriptor->field(i)->name();
      throw py::type_error((path.empty() ? "" : path + ": ") + descriptor->name() + " has no field '" + name +
                           "'; its fields: " + known);
    }
    if (value.is_none()) continue;
    if (auto const* oneof = field->real_containing_oneof()) {
      auto [given, fresh] = oneofs_set.try_emplace(oneof, name);
      if (!fresh) {
        throw py::type_error((path.empty() ? "" : path + ": ") + "give one of " + oneof->name() + " (" +
                             given->second + " or " + name + "), not both");
      }
    }
    SetField(message, *field, value, path.empty() ? name : path + "." + name);
  }
}

}  // namespace

void FillMessage(py::handle source, py::dict const& fields, pb::Message* message) {
  if (!source.is_none()) {
    if (!IsMapping(source) && !py::isinstance<MessageView>(source)) {
      WrongType("request", ("a dict of " + message->GetDescriptor()->name() + " fields or a mercato.Message").c_str(),
                source);
    }
    FillSpecial(source, message, "request");
  }
  FillFields(fields, message, "");
}

google::protobuf::Timestamp TimestampFromPython(py::handle value) {
  double const seconds = value.attr("timestamp")().cast<double>();
  double whole = 0;
  double const fraction = std::modf(seconds, &whole);
  google::protobuf::Timestamp timestamp;
  timestamp.set_seconds(static_cast<std::int64_t>(whole));
  timestamp.set_nanos(static_cast<std::int32_t>(std::llround(fraction * 1e9)));
  if (timestamp.nanos() < 0) {
    timestamp.set_seconds(timestamp.seconds() - 1);
    timestamp.set_nanos(timestamp.nanos() + 1'000'000'000);
  }
  return timestamp;
}

std::string Text(py::handle value, std::string const& path) {
  Py_ssize_t size = 0;
  char const* utf8 = PyUnicode_AsUTF8AndSize(value.ptr(), &size);
  if (utf8 == nullptr) {
    PyErr_Clear();
    throw py::value_error(path + ": not valid text (a lone surrogate has no UTF-8 form)");
  }
  return std::string(utf8, static_cast<std::size_t>(size));
}

}  // namespace mercato::python
