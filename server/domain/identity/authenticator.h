// Port: turns a bearer token into the Principal it stands for. Missing, expired, revoked and
// unknown tokens are all UNAUTHENTICATED; the store is never asked for the token in clear.
#pragma once

#include <string_view>

#include "server/domain/error.h"
#include "server/domain/identity/principal.h"

namespace mercato::domain {

class Authenticator {
 public:
  virtual ~Authenticator() = default;
  virtual Result<Principal> Authenticate(std::string_view bearer_token) = 0;
};

}  // namespace mercato::domain
