// Who is calling, from the request metadata. Interim until the identity service lands: a bearer
// token equal to the configured service token is staff; no token is anonymous; any other token
// is refused as UNAUTHENTICATED rather than silently downgraded.
#pragma once

#include <grpcpp/server_context.h>

#include <string>

#include "server/domain/caller.h"
#include "server/domain/error.h"

namespace mercato::api {

class CallerResolver {
 public:
  explicit CallerResolver(std::string service_token) : service_token_(std::move(service_token)) {}

  domain::Result<domain::Caller> Resolve(grpc::ServerContext const& context) const;

 private:
  std::string service_token_;
};

}  // namespace mercato::api
