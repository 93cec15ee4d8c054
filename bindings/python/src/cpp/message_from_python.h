// Builds any request message of the contract from Python values, by reflection: the inverse of
// message_view.h's mapping. Keys are the .proto field names; None leaves a field unset. Messages
// come from a dict, a mercato.Message of the same type, or keyword arguments (which override the
// dict's fields); ints from int or anything with __index__ (numpy's), bools from bool or numpy's
// bool_; enums from their short or full name in any case ("day", "DAY"); Timestamp from a datetime
// (a naive one is local time, as datetime.timestamp() takes it), Duration from a timedelta or
// seconds, Money from mercato.Money or a dict (with currency_code, or Money.to_dict()'s currency).
// An unknown field, a value of the wrong type or two members of one oneof raise TypeError, a value
// out of range ValueError; each names the field's path (e.g. "lines[2].quantity"). Needs the GIL.
#pragma once

#include <string>

#include <google/protobuf/message.h>
#include <google/protobuf/timestamp.pb.h>
#include <pybind11/pybind11.h>

namespace mercato::python {

// A str (checked by the caller) as UTF-8; ValueError naming `path` for one that has none (a lone
// surrogate, "\ud800"), where pybind11's cast raises a RuntimeError that names nothing.
std::string Text(pybind11::handle value, std::string const& path);

// Fills `message` from `source` (a Mapping, a mercato.Message or None) and then `fields`.
void FillMessage(pybind11::handle source, pybind11::dict const& fields, google::protobuf::Message* message);

// A datetime as a Timestamp (a naive one is local time, as datetime.timestamp() takes it).
google::protobuf::Timestamp TimestampFromPython(pybind11::handle value);

}  // namespace mercato::python
