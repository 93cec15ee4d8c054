// Constant-time comparison (libsodium), so response timing reveals nothing of the token.
#include "server/adapters/local/static_token_authenticator.h"

#include <sodium.h>

namespace mercato::adapters {

domain::Result<domain::Principal> StaticTokenAuthenticator::Authenticate(std::string_view bearer_token) {
  bool const matches = !token_.empty() && bearer_token.size() == token_.size() &&
                       sodium_memcmp(bearer_token.data(), token_.data(), token_.size()) == 0;
  if (matches) return domain::Principal{"service:configured-token", {domain::Role::kService}, "static"};
  if (next_ != nullptr) return next_->Authenticate(bearer_token);
  return domain::Error{domain::ErrorKind::kUnauthenticated, "SESSION_INVALID",
                       "the bearer token is not valid (expired, revoked or unknown); sign in again", {}};
}

}  // namespace mercato::adapters
