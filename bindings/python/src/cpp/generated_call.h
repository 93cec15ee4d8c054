// The two shapes of a generated Python method (generated_methods.cc): `Unary` builds the request
// from an optional positional dict or mercato.Message plus keyword arguments (message_from_python.h),
// makes the call with the GIL released, and returns the result as a mercato.Message (or Money, a
// datetime...); `List` returns a MessageIterator over the lazy pages. `Rpc` names the types and the
// SDK call: Request, and Result + Call(client, request), or Pages(client, request) for a list, or
// Open(client, request) for a server stream (`Stream`, which returns a MessageStream).
#pragma once

#include <memory>
#include <utility>

#include <pybind11/pybind11.h>

#include "client_handle.h"
#include "message_from_python.h"
#include "message_iterator.h"
#include "message_stream.h"
#include "message_view.h"
#include "sdk_call.h"
#include "status_error.h"

namespace mercato::python {

// The Python object of one generated service client: the mercato.Client's handle. Each service
// derives its own type from it, so that pybind11 can bind it as its own class. The methods below
// take any `Service` with handle(), hand-written clients included.
struct ServiceObject {
  std::shared_ptr<ClientHandle> client;
  ClientHandle& handle() { return *client; }
};

// How many items MessageIterator.to_list takes between Ctrl-C checks when the request names no page size.
inline constexpr int kDefaultDrainBatch = 100;

template <typename Rpc, typename Service>
pybind11::object Unary(Service& self, pybind11::handle request, pybind11::kwargs const& fields) {
  Client client = self.handle().Get();
  typename Rpc::Request message;
  FillMessage(request, fields, &message);
  auto result = ValueOrThrow(WithoutGil([&] { return Rpc::Call(client, message); }));
  return MessageToPython(std::make_shared<typename Rpc::Result const>(std::move(result)));
}

template <typename Rpc, typename Service>
MessageIterator List(Service& self, pybind11::handle request, pybind11::kwargs const& fields) {
  Client client = self.handle().Get();
  typename Rpc::Request message;
  FillMessage(request, fields, &message);
  int const batch = message.page_size() > 0 ? message.page_size() : kDefaultDrainBatch;
  return MessageIterator(Rpc::Pages(client, message), batch, self.handle().shared_from_this());
}

template <typename Rpc, typename Service>
MessageStream Stream(Service& self, pybind11::handle request, pybind11::kwargs const& fields) {
  Client client = self.handle().Get();
  typename Rpc::Request message;
  FillMessage(request, fields, &message);
  MessageStream stream(Rpc::Open(client, message));
  self.handle().TrackStream(stream.source());
  return stream;
}

}  // namespace mercato::python
