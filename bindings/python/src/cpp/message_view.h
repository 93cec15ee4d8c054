// mercato.Message: the Python face of every message of the contract that has no hand-written class.
// A view shares the message it reads (std::shared_ptr<const Message>: the SDK's result, or a part
// of one through an aliasing pointer), so nothing is copied until a field is read, and nothing can
// be changed through it. Fields read as Python values: str, bytes, int, float, bool; enums as their
// short name ("PENDING"); Timestamp as an aware UTC datetime, Duration as a timedelta, Money as
// mercato.Money; repeated fields as lists, maps as dicts, other messages as views; an unset
// message or `optional` field as None.
#pragma once

#include <memory>

#include <google/protobuf/message.h>
#include <pybind11/pybind11.h>

namespace mercato::python {

class MessageView {
 public:
  explicit MessageView(std::shared_ptr<google::protobuf::Message const> message) : message_(std::move(message)) {}

  google::protobuf::Message const& message() const { return *message_; }
  std::shared_ptr<google::protobuf::Message const> const& shared() const { return message_; }

 private:
  std::shared_ptr<google::protobuf::Message const> message_;
};

// The Python value of a whole message: a view, or the native value of Timestamp, Duration, Money.
pybind11::object MessageToPython(std::shared_ptr<google::protobuf::Message const> message);

void RegisterMessageView(pybind11::module_& m);

}  // namespace mercato::python
