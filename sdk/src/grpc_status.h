// Converts the outcome of a gRPC call into a mercato::Status, decoding the error details the
// server sends in trailing metadata (mercato-error-info-bin, mercato-retry-info-bin) and the
// x-request-id response metadata.
#pragma once

#include <grpcpp/client_context.h>
#include <grpcpp/support/status.h>

#include "mercato/status.h"

namespace mercato::internal {

// `context` must be the context of the finished call that produced `status`.
Status FromGrpcStatus(grpc::Status const& status, grpc::ClientContext const& context);

}  // namespace mercato::internal
