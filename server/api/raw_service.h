// RawService: a gRPC service built from the contract's descriptor whose methods receive their
// requests as bytes, on gRPC's callback API.
//
// - Requests are parsed by ParseRequest, so a request protobuf refuses answers INVALID_ARGUMENT
//   naming the field (through the gateway, like any other refusal) instead of gRPC's empty
//   INTERNAL.
// - A unary call reaches a handler only once its request has fully arrived, and handlers run on
//   the HandlerPool, never on gRPC's threads: a client that opens calls and never sends them
//   holds no thread, and a full pool refuses calls at once (RESOURCE_EXHAUSTED).
// - Every method of the service answers UNIMPLEMENTED until the derived service serves it, for
//   any request bytes.
#pragma once

#include <google/protobuf/descriptor.h>
#include <grpcpp/impl/service_type.h>
#include <grpcpp/support/byte_buffer.h>
#include <grpcpp/support/server_callback.h>

#include <cstdlib>
#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <utility>

#include "server/api/admitted_call.h"
#include "server/api/gateway.h"
#include "server/api/handler_pool.h"
#include "server/api/request_parse.h"

namespace mercato::api {

// The descriptor of service `name` ("OrderService") in the .proto file that declares `Message`.
// Naming a message of the file is what links the file's descriptors into the binary. Aborts when
// the file has no such service (a programming error the first test run catches).
template <typename Message>
google::protobuf::ServiceDescriptor const& ServiceInFileOf(std::string const& name) {
  auto const* service = Message::descriptor()->file()->FindServiceByName(name);
  if (service == nullptr) std::abort();
  return *service;
}

class RawService : public grpc::Service {
 public:
  // Serves every method of `service` as UNIMPLEMENTED (see ServiceInFileOf).
  RawService(Gateway& gateway, HandlerPool& pool, google::protobuf::ServiceDescriptor const& service);

  using StreamReactor = grpc::ServerWriteReactor<grpc::ByteBuffer>;
  // The reactor of a stream refused before it started: it only sends `status`.
  static StreamReactor* RefusedStream(grpc::Status status);

 protected:
  // Serves unary RPC `rpc` ("GetProduct"): parses the request, runs it through the gateway, and
  // answers with `handler(AdmittedCall, Request const&, Response&)`, a domain::Status.
  template <typename Request, typename Response, typename Handler>
  void ServeUnary(std::string_view rpc, Handler handler) {
    ServeUnaryBytes(rpc, [this, handler = std::move(handler)](grpc::ServerContextBase* context,
                                                              grpc::ByteBuffer const& bytes, grpc::ByteBuffer& out,
                                                              std::string const& path) {
      Request request;
      if (auto parsed = ParseRequest(bytes, request); !parsed) return gateway_.Refuse(context, path, parsed.error());
      Response response;
      grpc::Status status = gateway_.Run(context, path, domain_, request, [&](domain::Principal const& caller) {
        return handler(AdmittedCall{caller, *context}, request, response);
      });
      if (status.ok()) out = SerializeResponse(response);
      return status;
    });
  }

  // Serves server-streaming RPC `rpc`: parses the request, runs it through the gateway, and streams
  // with the reactor `handler(AdmittedCall, Request const&)` opens (a domain::Result<StreamReactor*>).
  template <typename Request, typename Handler>
  void ServeStream(std::string_view rpc, Handler handler) {
    ServeStreamBytes(rpc, [this, handler = std::move(handler)](grpc::CallbackServerContext* context,
                                                               grpc::ByteBuffer const* bytes,
                                                               std::string const& path) -> StreamReactor* {
      Request request;
      if (auto parsed = ParseRequest(*bytes, request); !parsed) {
        return RefusedStream(gateway_.Refuse(context, path, parsed.error()));
      }
      StreamReactor* stream = nullptr;
      grpc::Status status = gateway_.Run(context, path, domain_, request, [&](domain::Principal const& caller) {
        auto opened = handler(AdmittedCall{caller, *context}, request);
        if (!opened) return domain::Status(opened.error());
        stream = *opened;
        return domain::Ok();
      });
      return status.ok() ? stream : RefusedStream(std::move(status));
    });
  }

  Gateway& gateway_;

 private:
  using UnaryBytes = std::function<grpc::Status(grpc::ServerContextBase*, grpc::ByteBuffer const&, grpc::ByteBuffer&,
                                                std::string const& path)>;
  using StreamBytes =
      std::function<StreamReactor*(grpc::CallbackServerContext*, grpc::ByteBuffer const*, std::string const& path)>;
  void ServeUnaryBytes(std::string_view rpc, UnaryBytes handler);
  void ServeStreamBytes(std::string_view rpc, StreamBytes handler);
  // The method's index in the service; aborts for a name the contract does not have (a
  // programming error the first test run catches).
  int IndexOf(std::string_view rpc) const;

  HandlerPool& pool_;
  google::protobuf::ServiceDescriptor const& service_;
  // The service's domain in ErrorInfo: its .proto file's name ("inventory" for inventory.proto).
  std::string const domain_;
  std::deque<std::string> paths_;  // "/pkg.Service/Method"; gRPC keeps pointers to these
};

}  // namespace mercato::api
