// What a handler knows of a call the gateway admitted: who makes it, and the gRPC context for the
// rare handler that needs more (the client address of a login, the caller keys of a stream).
#pragma once

#include <grpcpp/server_context.h>

#include "server/domain/identity/principal.h"

namespace mercato::api {

struct AdmittedCall {
  domain::Principal const& caller;
  grpc::ServerContextBase& context;
};

}  // namespace mercato::api
