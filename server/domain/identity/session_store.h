// Port: live sessions, keyed by the digest of their token (never the token). Redis in production
// (one key per session with the session's TTL, plus a per-user set of digests), in-process when
// embedded. A session is found until it expires or is revoked.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "server/domain/error.h"
#include "server/domain/identity/principal.h"

namespace mercato::domain {

struct Session {
  std::string token_digest;  // SessionTokens::Digest of the token; also the session's id in logs
  std::string user_id;
  std::vector<Role> roles;   // the user's roles at login; a role change revokes the session
  std::chrono::system_clock::time_point created_at;
  std::chrono::system_clock::time_point expires_at;
};

class SessionStore {
 public:
  virtual ~SessionStore() = default;
  // Saves a new session until its expires_at. UNAVAILABLE when the store cannot be reached.
  virtual Status Create(Session const& session) = 0;
  // The live session with this digest; nullopt when unknown, expired or revoked.
  virtual Result<std::optional<Session>> Find(std::string const& token_digest) = 0;
  // Ends one session of `user_id`; revoking a session that is gone is not an error.
  virtual Status Revoke(std::string const& user_id, std::string const& token_digest) = 0;
  // Ends every session of `user_id` except the one whose digest is `keep` (when given).
  virtual Status RevokeAll(std::string const& user_id, std::optional<std::string> const& keep) = 0;
};

}  // namespace mercato::domain
