// Session lookup by token digest.
#include "server/domain/identity/session_authenticator.h"

#include "server/domain/identity/identity_errors.h"

namespace mercato::domain {

Result<Principal> SessionAuthenticator::Authenticate(std::string_view bearer_token) {
  auto digest = tokens_.Digest(bearer_token);
  if (!digest) return SessionInvalid();
  auto session = sessions_.Find(*digest);
  if (!session) return session.error();
  if (!*session || (*session)->expires_at <= clock_.Now()) return SessionInvalid();
  return Principal{(*session)->user_id, (*session)->roles, *std::move(digest)};
}

}  // namespace mercato::domain
