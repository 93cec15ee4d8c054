// The production SessionStore, shared by every mercatod instance. Under the key prefix:
//   session:<token digest>     "<user id>\n<roles>\n<created ms>\n<expires ms>", expiring with the session
//   user-sessions:<user id>    set of the user's token digests, expiring with their newest session
// Writes are Lua scripts, so that a session and its index change together; the scripts name keys
// they derive from the prefix, which suits one Redis (not Cluster). Redis unreachable: UNAVAILABLE.
#pragma once

#include <string>

#include "server/adapters/redis/redis_client.h"
#include "server/domain/clock.h"
#include "server/domain/identity/session_store.h"

namespace mercato::adapters {

class RedisSessionStore final : public domain::SessionStore {
 public:
  // `clock` turns a session's expires_at into the key's TTL.
  RedisSessionStore(RedisClient& redis, std::string key_prefix, domain::Clock& clock)
      : redis_(redis), prefix_(std::move(key_prefix)), clock_(clock) {}

  domain::Status Create(domain::Session const& session) override;
  domain::Result<std::optional<domain::Session>> Find(std::string const& token_digest) override;
  domain::Status Revoke(std::string const& user_id, std::string const& token_digest) override;
  domain::Status RevokeAll(std::string const& user_id, std::optional<std::string> const& keep) override;

 private:
  std::string SessionKey(std::string const& digest) const { return prefix_ + "session:" + digest; }
  std::string UserKey(std::string const& user_id) const { return prefix_ + "user-sessions:" + user_id; }
  domain::Status Run(std::vector<std::string> const& command, char const* what);

  RedisClient& redis_;
  std::string prefix_;
  domain::Clock& clock_;
};

}  // namespace mercato::adapters
