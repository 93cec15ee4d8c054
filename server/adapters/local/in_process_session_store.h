// The embedded SessionStore: sessions in memory, keyed by token digest, with a per-user index so
// that a user's sessions can all be revoked; expiry by the injected clock. Sessions do not
// survive a restart (everyone logs in again), which suits one embedded mercatod.
#pragma once

#include <map>
#include <mutex>
#include <set>
#include <string>

#include "server/domain/clock.h"
#include "server/domain/identity/session_store.h"

namespace mercato::adapters {

class InProcessSessionStore final : public domain::SessionStore {
 public:
  explicit InProcessSessionStore(domain::Clock& clock) : clock_(clock) {}

  domain::Status Create(domain::Session const& session) override;
  domain::Result<std::optional<domain::Session>> Find(std::string const& token_digest) override;
  domain::Status Revoke(std::string const& user_id, std::string const& token_digest) override;
  domain::Status RevokeAll(std::string const& user_id, std::optional<std::string> const& keep) override;

 private:
  // Drops expired sessions; called with the mutex held, on every Create.
  void SweepExpired();
  void Erase(std::string const& token_digest);

  domain::Clock& clock_;
  std::mutex mutex_;
  std::map<std::string, domain::Session> sessions_;          // by token digest
  std::map<std::string, std::set<std::string>> by_user_;     // user id -> token digests
  std::multimap<std::chrono::system_clock::time_point, std::string> by_expiry_;
};

}  // namespace mercato::adapters
