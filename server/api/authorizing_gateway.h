// The Gateway mercatod runs: authenticates bearer tokens through the Authenticator port, checks
// the authorization table, applies per-principal rate limits and records request metrics.
#pragma once

#include <string>
#include <vector>

#include "server/api/gateway.h"
#include "server/api/request_metrics.h"
#include "server/domain/identity/authenticator.h"
#include "server/domain/rate_limiter.h"

namespace mercato::api {

class AuthorizingGateway final : public Gateway {
 public:
  struct Limits {
    domain::RateLimit per_user;
    domain::RateLimit per_anonymous_ip;
    // Load balancers whose x-forwarded-for names the client (see client_address.h).
    std::vector<std::string> trusted_proxies;
  };

  AuthorizingGateway(domain::Authenticator& authenticator, domain::RateLimiter& limiter, RequestMetrics& metrics,
                     Limits limits)
      : authenticator_(authenticator), limiter_(limiter), metrics_(metrics), limits_(limits) {}

  domain::Result<domain::Principal> Admit(grpc::ServerContextBase& context, std::string_view method) override;
  std::string CallerKey(grpc::ServerContextBase const& context, domain::Principal const& principal) override;
  void Record(std::string_view method, grpc::StatusCode code, std::chrono::steady_clock::duration took) override;

 private:
  domain::Result<domain::Principal> Authenticate(grpc::ServerContextBase const& context);

  domain::Authenticator& authenticator_;
  domain::RateLimiter& limiter_;
  RequestMetrics& metrics_;
  Limits limits_;
};

}  // namespace mercato::api
