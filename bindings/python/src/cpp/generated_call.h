// The two shapes of a generated Python method (generated_methods.cc): `Unary` builds the request
// from an optional positional dict or mercato.Message plus keyword arguments (message_from_python.h),
// makes the call with the GIL released, and returns the result as a mercato.Message (or Money, a
// datetime...); `List` returns a MessageIterator over the lazy pages. `Rpc` names the types and the
// SDK call: Request, and Result + Call(client, request), or Pages(client, request) for a list, or
// Open(client, request) for a server stream (`Stream`, which returns a MessageStream).
#pragma once

#include <memory>
#include <string>
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

// The positional arguments of a method whose RPC has a signature (option (signature)): one request
// object (a dict, a mercato.Message or None) as for any method, or the values of the signature's
// fields in order (`Rpc::kSignature`), which join the keyword arguments. Raises TypeError unless
// there is one value per field of the signature (as in C++ and Node), or for a field given both
// positionally and by keyword.
template <typename Rpc>
std::pair<pybind11::object, pybind11::dict> Positional(pybind11::args const& args, pybind11::kwargs const& fields) {
  auto const is_value = [](pybind11::handle h) {
    return PyUnicode_Check(h.ptr()) || PyLong_Check(h.ptr()) || PyFloat_Check(h.ptr());  // bool is a PyLong
  };
  if (args.empty()) return {pybind11::none(), fields};
  if (args.size() == 1 && !is_value(args[0])) return {pybind11::reinterpret_borrow<pybind11::object>(args[0]), fields};
  if (args.size() != Rpc::kSignature.size()) {
    throw pybind11::type_error("takes a request or " + std::to_string(Rpc::kSignature.size()) +
                               " positional argument(s) (" + Rpc::kSignatureText + "), " +
                               std::to_string(args.size()) + " given");
  }
  pybind11::dict all(fields);  // a copy: the caller's kwargs stay as they were
  for (std::size_t i = 0; i < args.size(); ++i) {
    char const* name = Rpc::kSignature[i];
    if (all.contains(name)) throw pybind11::type_error(std::string("got multiple values for ") + name);
    all[name] = args[i];
  }
  return {pybind11::none(), all};
}

// `Shape` (Unary, List or Stream) for an RPC with a signature, taking its arguments as Positional says.
template <auto Shape, typename Rpc, typename Service>
auto Signed(Service& self, pybind11::args const& args, pybind11::kwargs const& fields) {
  auto [request, all] = Positional<Rpc>(args, fields);
  return Shape(self, request, pybind11::kwargs(std::move(all)));
}

}  // namespace mercato::python
