// OwnedParseService: a generated gRPC service whose unary methods receive their request as bytes
// and parse it with ParseRequest, so that a request protobuf refuses answers INVALID_ARGUMENT
// naming the field (through the gateway, like any other refusal) instead of gRPC's empty INTERNAL.
//
// gRPC offers no hook between its parse and the handler, so each method is re-registered as
// "streamed" (the mechanism behind the generated WithStreamedUnaryMethod_X): the client still
// makes a plain unary call; the handler reads the one request message as bytes and writes the
// one response.
#pragma once

#include <google/protobuf/descriptor.h>
#include <grpcpp/impl/service_type.h>
#include <grpcpp/support/byte_buffer.h>
#include <grpcpp/support/method_handler.h>
#include <grpcpp/support/sync_stream.h>

#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>

#include "server/api/gateway.h"
#include "server/api/request_parse.h"

namespace mercato::api {

template <typename GeneratedService>
class OwnedParseService : public GeneratedService {
 protected:
  // `service_name` is the contract's full name, e.g. "mercato.v1.CatalogService".
  OwnedParseService(Gateway& gateway, std::string service_name)
      : gateway_(gateway), service_name_(std::move(service_name)) {}

  // Serves unary RPC `rpc` ("GetProduct") with `handler`, a method of the derived service.
  template <typename Self, typename Request, typename Response>
  void ServeUnary(std::string_view rpc,
                  grpc::Status (Self::*handler)(grpc::ServerContext*, Request const*, Response*)) {
    using Stream = grpc::ServerReaderWriter<grpc::ByteBuffer, grpc::ByteBuffer>;
    auto const* service = google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(service_name_);
    auto const* method = service == nullptr ? nullptr : service->FindMethodByName(std::string(rpc));
    // A name that is not in the contract is a programming error caught by the first test run.
    if (method == nullptr) std::abort();
    std::string path = "/" + service_name_ + "/" + std::string(rpc);
    this->MarkMethodStreamed(
        method->index(),
        new grpc::internal::BidiStreamingHandler<Self, grpc::ByteBuffer, grpc::ByteBuffer>(
            [&gateway = gateway_, path, handler](Self* self, grpc::ServerContext* context, Stream* stream) {
              grpc::ByteBuffer bytes;
              Request request;
              if (!stream->Read(&bytes)) {
                return gateway.Refuse(context, path,
                                      domain::InvalidArgument(request.GetDescriptor()->name(),
                                                              "the call ended before its request message arrived"));
              }
              if (auto parsed = ParseRequest(bytes, request); !parsed) {
                return gateway.Refuse(context, path, parsed.error());
              }
              Response response;
              grpc::Status status = (self->*handler)(context, &request, &response);
              // The response goes out with the status, as a unary call's does.
              if (status.ok()) stream->WriteLast(SerializeResponse(response), grpc::WriteOptions());
              return status;
            },
            static_cast<Self*>(this)));
  }

 private:
  Gateway& gateway_;
  std::string service_name_;
};

}  // namespace mercato::api
