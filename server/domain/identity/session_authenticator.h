// The Authenticator for session tokens: token -> digest -> live session -> Principal. Every way a
// token can fail (malformed, unknown, expired, revoked) is the same UNAUTHENTICATED
// SESSION_INVALID; only an unreachable session store is reported as such (UNAVAILABLE).
#pragma once

#include "server/domain/clock.h"
#include "server/domain/identity/authenticator.h"
#include "server/domain/identity/session_store.h"
#include "server/domain/identity/session_tokens.h"

namespace mercato::domain {

class SessionAuthenticator final : public Authenticator {
 public:
  // `clock` decides expiry too (stores expire sessions on their own as well).
  SessionAuthenticator(SessionStore& sessions, SessionTokens& tokens, Clock& clock)
      : sessions_(sessions), tokens_(tokens), clock_(clock) {}

  // The principal's session_id is the token's digest.
  Result<Principal> Authenticate(std::string_view bearer_token) override;

 private:
  SessionStore& sessions_;
  SessionTokens& tokens_;
  Clock& clock_;
};

}  // namespace mercato::domain
