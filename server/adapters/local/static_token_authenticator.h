// A service account's static bearer token from the configuration (--service-token): it
// authenticates as a service principal; any other token goes to the next authenticator (the
// session store), or is UNAUTHENTICATED when there is none.
#pragma once

#include <string>

#include "server/domain/identity/authenticator.h"

namespace mercato::adapters {

class StaticTokenAuthenticator final : public domain::Authenticator {
 public:
  StaticTokenAuthenticator(std::string token, domain::Authenticator* next) : token_(std::move(token)), next_(next) {}

  domain::Result<domain::Principal> Authenticate(std::string_view bearer_token) override;

 private:
  std::string token_;
  domain::Authenticator* next_;
};

}  // namespace mercato::adapters
