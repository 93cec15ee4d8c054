// The ports and settings the account and session use cases share.
#pragma once

#include <chrono>

#include "server/domain/clock.h"
#include "server/domain/id_generator.h"
#include "server/domain/identity/password_hasher.h"
#include "server/domain/identity/session_store.h"
#include "server/domain/identity/session_tokens.h"
#include "server/domain/identity/user_store.h"
#include "server/domain/rate_limiter.h"

namespace mercato::domain {

struct IdentitySettings {
  std::chrono::seconds session_ttl{std::chrono::hours(24)};
  // Login attempts (successful or not) per account email and per client IP.
  RateLimit login_per_account{5, std::chrono::seconds(10)};
  RateLimit login_per_ip{20, std::chrono::seconds(3)};
  int default_page_size = 50;
  int max_page_size = 200;
};

struct IdentityContext {
  UserStore& users;
  SessionStore& sessions;
  SessionTokens& tokens;
  PasswordHasher& passwords;
  RateLimiter& limiter;
  Clock& clock;
  IdGenerator& ids;
  IdentitySettings settings;
};

}  // namespace mercato::domain
