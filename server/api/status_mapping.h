// Turns a domain Error into a gRPC status: the canonical code, the person-readable message, and
// the machine-readable ErrorInfo in the `mercato-error-info-bin` trailer.
#pragma once

#include <grpcpp/server_context.h>
#include <grpcpp/support/status.h>

#include "server/domain/error.h"

namespace mercato::api {

grpc::StatusCode ToGrpcCode(domain::ErrorKind kind);

grpc::Status ToGrpcStatus(domain::Error const& error, std::string const& domain_name, grpc::ServerContextBase& context);

}  // namespace mercato::api
