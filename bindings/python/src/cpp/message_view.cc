// Reads fields of any message by reflection (see message_view.h for the mapping).
#include "message_view.h"

#include <string>
#include <utility>

#include <datetime.h>
#include <google/protobuf/descriptor.h>
#include <google/protobuf/duration.pb.h>
#include <google/protobuf/timestamp.pb.h>
#include <google/protobuf/util/message_differencer.h>

#include "catalog_types.h"
#include "enum_names.h"
#include "mercato/v1/common.pb.h"

namespace mercato::python {
namespace py = pybind11;
namespace pb = google::protobuf;
namespace {

using FD = pb::FieldDescriptor;
using SharedMessage = std::shared_ptr<pb::Message const>;

// `message` as its generated type T (the SDK links every generated class), else a copy.
template <typename T>
T As(pb::Message const& message) {
  if (auto const* typed = pb::DynamicCastToGenerated<T>(&message)) return *typed;
  T copy;
  copy.CopyFrom(message);
  return copy;
}

py::object DurationToPython(pb::Duration const& duration) {
  if (!PyDateTimeAPI) PyDateTime_IMPORT;
  std::int64_t const days = duration.seconds() / 86400;
  PyObject* value = PyDelta_FromDSU(static_cast<int>(days), static_cast<int>(duration.seconds() - days * 86400),
                                    duration.nanos() / 1000);
  if (!value) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(value);
}

// A nested message as a Python value, sharing `owner`'s lifetime.
py::object NestedToPython(SharedMessage const& owner, pb::Message const& message) {
  return MessageToPython(SharedMessage(owner, &message));
}

// One value of `field`: the singular value when index < 0, else element `index` of the repeated field.
py::object ValueToPython(SharedMessage const& owner, pb::Message const& message, FD const& field, int index) {
  auto const* r = message.GetReflection();
  bool const repeated = index >= 0;
  switch (field.cpp_type()) {
    case FD::CPPTYPE_STRING: {
      std::string scratch;
      std::string const& s = repeated ? r->GetRepeatedStringReference(message, &field, index, &scratch)
                                      : r->GetStringReference(message, &field, &scratch);
      if (field.type() == FD::TYPE_BYTES) return py::bytes(s);
      return py::str(s);
    }
    case FD::CPPTYPE_BOOL:
      return py::bool_(repeated ? r->GetRepeatedBool(message, &field, index) : r->GetBool(message, &field));
    case FD::CPPTYPE_INT32:
      return py::int_(repeated ? r->GetRepeatedInt32(message, &field, index) : r->GetInt32(message, &field));
    case FD::CPPTYPE_UINT32:
      return py::int_(repeated ? r->GetRepeatedUInt32(message, &field, index) : r->GetUInt32(message, &field));
    case FD::CPPTYPE_INT64:
      return py::int_(repeated ? r->GetRepeatedInt64(message, &field, index) : r->GetInt64(message, &field));
    case FD::CPPTYPE_UINT64:
      return py::int_(repeated ? r->GetRepeatedUInt64(message, &field, index) : r->GetUInt64(message, &field));
    case FD::CPPTYPE_DOUBLE:
      return py::float_(repeated ? r->GetRepeatedDouble(message, &field, index) : r->GetDouble(message, &field));
    case FD::CPPTYPE_FLOAT:
      return py::float_(repeated ? r->GetRepeatedFloat(message, &field, index) : r->GetFloat(message, &field));
    case FD::CPPTYPE_ENUM:
      return py::str(EnumShortName(repeated ? *r->GetRepeatedEnum(message, &field, index) : *r->GetEnum(message, &field)));
    case FD::CPPTYPE_MESSAGE:
      return NestedToPython(owner, repeated ? r->GetRepeatedMessage(message, &field, index) : r->GetMessage(message, &field));
  }
  return py::none();
}

py::object FieldToPython(SharedMessage const& owner, pb::Message const& message, FD const& field) {
  auto const* r = message.GetReflection();
  if (field.is_map()) {
    py::dict map;
    FD const& key = *field.message_type()->map_key();
    FD const& value = *field.message_type()->map_value();
    for (int i = 0, n = r->FieldSize(message, &field); i < n; ++i) {
      pb::Message const& entry = r->GetRepeatedMessage(message, &field, i);
      map[ValueToPython(owner, entry, key, -1)] = ValueToPython(owner, entry, value, -1);
    }
    return map;
  }
  if (field.is_repeated()) {
    int const n = r->FieldSize(message, &field);
    py::list list(n);
    for (int i = 0; i < n; ++i) list[i] = ValueToPython(owner, message, field, i);
    return list;
  }
  if (field.has_presence() && !r->HasField(message, &field)) return py::none();
  return ValueToPython(owner, message, field, -1);
}

FD const& FindField(MessageView const& self, std::string const& name) {
  FD const* field = self.message().GetDescriptor()->FindFieldByName(name);
  if (!field) {
    throw py::attribute_error("'" + self.message().GetDescriptor()->name() + "' has no field '" + name + "'");
  }
  return *field;
}

// Whether `field` differs from its default: the fields __repr__ shows.
bool IsSet(pb::Message const& message, FD const& field) {
  auto const* r = message.GetReflection();
  return field.is_repeated() ? r->FieldSize(message, &field) > 0 : r->HasField(message, &field);
}

py::object ToPlain(py::handle value);

// A view as a dict of plain values (nested views become dicts too).
py::dict ToDict(MessageView const& self) {
  py::dict result;
  auto const* descriptor = self.message().GetDescriptor();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    FD const& field = *descriptor->field(i);
    result[py::str(field.name())] = ToPlain(FieldToPython(self.shared(), self.message(), field));
  }
  return result;
}

py::object ToPlain(py::handle value) {
  if (py::isinstance<MessageView>(value)) return ToDict(value.cast<MessageView const&>());
  if (py::isinstance<py::list>(value)) {
    py::list list;
    for (py::handle item : value) list.append(ToPlain(item));
    return list;
  }
  if (py::isinstance<v1::Money>(value)) return value.attr("to_dict")();
  return py::reinterpret_borrow<py::object>(value);
}

std::string Repr(MessageView const& self) {
  auto const* descriptor = self.message().GetDescriptor();
  std::string text = descriptor->name() + "(";
  bool first = true;
  for (int i = 0; i < descriptor->field_count(); ++i) {
    FD const& field = *descriptor->field(i);
    if (!IsSet(self.message(), field)) continue;
    text += (first ? "" : ", ") + field.name() + "=" +
            py::repr(FieldToPython(self.shared(), self.message(), field)).cast<std::string>();
    first = false;
  }
  return text + ")";
}

}  // namespace

py::object MessageToPython(SharedMessage message) {
  std::string const& type = message->GetDescriptor()->full_name();
  if (type == "google.protobuf.Timestamp") return ToDatetime(As<pb::Timestamp>(*message), true);
  if (type == "google.protobuf.Duration") return DurationToPython(As<pb::Duration>(*message));
  if (type == "mercato.v1.Money") return py::cast(As<v1::Money>(*message));
  return py::cast(MessageView(std::move(message)));
}

void RegisterMessageView(py::module_& m) {
  py::class_<MessageView>(m, "Message",
                          "A read-only message of the Mercato contract; its fields are attributes named as in the "
                          ".proto files (see type_name). to_dict() gives plain values.")
      .def("__getattr__",
           [](MessageView const& self, std::string const& name) {
             return FieldToPython(self.shared(), self.message(), FindField(self, name));
           })
      .def("__dir__",
           [](MessageView const& self) {
             py::list names;
             auto const* descriptor = self.message().GetDescriptor();
             for (int i = 0; i < descriptor->field_count(); ++i) names.append(py::str(descriptor->field(i)->name()));
             for (char const* method : {"to_dict", "to_bytes", "type_name"}) names.append(py::str(method));
             return names;
           })
      .def_property_readonly(
          "type_name", [](MessageView const& self) { return self.message().GetDescriptor()->full_name(); },
          "The message's full name in the contract, e.g. 'mercato.v1.Cart'.")
      .def("to_dict", &ToDict, "Every field as a plain value (nested messages as dicts, Money as its dict).")
      .def(
          "to_bytes", [](MessageView const& self) { return py::bytes(self.message().SerializeAsString()); },
          "The message in protobuf wire format (for mercato's generated _pb2 classes or any protobuf runtime).")
      .def("__eq__",
           [](MessageView const& self, py::handle other) {
             if (!py::isinstance<MessageView>(other)) return false;
             auto const& that = other.cast<MessageView const&>().message();
             return self.message().GetDescriptor() == that.GetDescriptor() &&
                    pb::util::MessageDifferencer::Equals(self.message(), that);
           })
      .def("__repr__", &Repr)
      .attr("__hash__") = py::none();
}

}  // namespace mercato::python
