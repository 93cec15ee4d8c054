#include "server/api/raw_service.h"

#include <google/protobuf/descriptor.h>
#include <grpcpp/impl/codegen/server_callback_handlers.h>
#include <grpcpp/impl/rpc_service_method.h>

#include <cstdlib>
#include <utility>

namespace mercato::api {
namespace {

using grpc::internal::RpcMethod;

// A unary call counted in the drain from dispatch until gRPC is done with it (OnDone: the reply
// was sent), so that shutdown never cancels a call whose handler already ran. Refused at once
// when the server is draining.
class DrainedCall final : public grpc::ServerUnaryReactor {
 public:
  explicit DrainedCall(CallDrain& drain) : drain_(drain), admitted_(drain.Enter()) {}
  bool admitted() const { return admitted_; }
  void OnDone() override {
    if (admitted_) drain_.Leave();
    delete this;
  }

 private:
  CallDrain& drain_;
  bool const admitted_;
};

class Refused final : public RawService::StreamReactor {
 public:
  explicit Refused(grpc::Status status) { Finish(std::move(status)); }
  void OnDone() override { delete this; }
};

// "mercato/v1/inventory.proto" -> "inventory".
std::string DomainOf(google::protobuf::ServiceDescriptor const& service) {
  std::string const& file = service.file()->name();
  std::size_t const start = file.rfind('/') + 1;  // npos + 1 == 0 without a directory
  return file.substr(start, file.rfind(".proto") - start);
}

grpc::Status Unimplemented(std::string const& path) {
  return {grpc::StatusCode::UNIMPLEMENTED, path + " is not served by this version of mercatod yet"};
}

}  // namespace

RawService::StreamReactor* RawService::RefusedStream(grpc::Status status) { return new Refused(std::move(status)); }

RawService::RawService(Gateway& gateway, HandlerPool& pool, google::protobuf::ServiceDescriptor const& service)
    : gateway_(gateway), pool_(pool), service_(service), domain_(DomainOf(service)) {
  for (int i = 0; i < service.method_count(); ++i) {
    auto const& method = *service.method(i);
    std::string const& path = paths_.emplace_back("/" + service.full_name() + "/" + method.name());
    bool const streaming = method.server_streaming() || method.client_streaming();
    AddMethod(new grpc::internal::RpcServiceMethod(
        path.c_str(), streaming ? RpcMethod::SERVER_STREAMING : RpcMethod::NORMAL_RPC, nullptr));
    if (streaming) {
      MarkMethodRawCallback(i, new grpc::internal::CallbackServerStreamingHandler<grpc::ByteBuffer, grpc::ByteBuffer>(
                                   [&path](grpc::CallbackServerContext*, grpc::ByteBuffer const*) {
                                     return RefusedStream(Unimplemented(path));
                                   }));
    } else {
      MarkMethodRawCallback(i, new grpc::internal::CallbackUnaryHandler<grpc::ByteBuffer, grpc::ByteBuffer>(
                                   [&path](grpc::CallbackServerContext* context, grpc::ByteBuffer const*,
                                           grpc::ByteBuffer*) {
                                     auto* reactor = context->DefaultReactor();
                                     reactor->Finish(Unimplemented(path));
                                     return reactor;
                                   }));
    }
  }
}

int RawService::IndexOf(std::string_view rpc) const {
  auto const* method = service_.FindMethodByName(std::string(rpc));
  if (method == nullptr) std::abort();
  return method->index();
}

void RawService::ServeUnaryBytes(std::string_view rpc, UnaryBytes handler) {
  int const index = IndexOf(rpc);
  std::string const& path = paths_[static_cast<std::size_t>(index)];
  MarkMethodRawCallback(
      index, new grpc::internal::CallbackUnaryHandler<grpc::ByteBuffer, grpc::ByteBuffer>(
                 [this, &path, handler = std::move(handler)](grpc::CallbackServerContext* context,
                                                             grpc::ByteBuffer const* request,
                                                             grpc::ByteBuffer* response) {
                   auto* reactor = new DrainedCall(gateway_.drain());
                   if (!reactor->admitted()) {
                     reactor->Finish({grpc::StatusCode::UNAVAILABLE,
                                      "mercatod is shutting down; retry, another instance will answer"});
                     return static_cast<grpc::ServerUnaryReactor*>(reactor);
                   }
                   bool const queued = pool_.TrySubmit([context, request, response, reactor, &path, &handler] {
                     reactor->Finish(handler(context, *request, *response, path));
                   });
                   if (!queued) {
                     reactor->Finish({grpc::StatusCode::RESOURCE_EXHAUSTED,
                                      "mercatod is at capacity: " + std::to_string(pool_.max_queued()) +
                                          " calls already wait for a worker; retry shortly"});
                   }
                   return static_cast<grpc::ServerUnaryReactor*>(reactor);
                 }));
}

void RawService::ServeStreamBytes(std::string_view rpc, StreamBytes handler) {
  int const index = IndexOf(rpc);
  std::string const& path = paths_[static_cast<std::size_t>(index)];
  MarkMethodRawCallback(index, new grpc::internal::CallbackServerStreamingHandler<grpc::ByteBuffer, grpc::ByteBuffer>(
                                   [&path, handler = std::move(handler)](grpc::CallbackServerContext* context,
                                                                         grpc::ByteBuffer const* request) {
                                     return handler(context, request, path);
                                   }));
}

}  // namespace mercato::api
