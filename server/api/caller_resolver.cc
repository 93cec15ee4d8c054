// Constant-time token comparison (libsodium), so response timing reveals nothing of the token.
#include "server/api/caller_resolver.h"

#include <sodium.h>

namespace mercato::api {

domain::Result<domain::Caller> CallerResolver::Resolve(grpc::ServerContext const& context) const {
  auto const& metadata = context.client_metadata();
  auto found = metadata.find("authorization");
  if (found == metadata.end()) return domain::Caller{"anonymous", false};
  std::string_view const value(found->second.data(), found->second.size());
  constexpr std::string_view kBearer = "Bearer ";
  if (value.substr(0, kBearer.size()) != kBearer) {
    return domain::Error{domain::ErrorKind::kUnauthenticated, "MALFORMED_CREDENTIALS",
                         "the authorization header must be \"Bearer <token>\"", {}};
  }
  auto const token = value.substr(kBearer.size());
  bool const matches = !service_token_.empty() && token.size() == service_token_.size() &&
                       sodium_memcmp(token.data(), service_token_.data(), token.size()) == 0;
  if (!matches) {
    return domain::Error{domain::ErrorKind::kUnauthenticated, "INVALID_TOKEN",
                         "the bearer token is not valid; check the service token you configured", {}};
  }
  return domain::Caller{"service:token", true};
}

}  // namespace mercato::api
