// Maps under one mutex; the expiry index keeps sweeping proportional to what expired.
#include "server/adapters/local/in_process_session_store.h"

namespace mercato::adapters {

void InProcessSessionStore::Erase(std::string const& token_digest) {
  auto found = sessions_.find(token_digest);
  if (found == sessions_.end()) return;
  auto user = by_user_.find(found->second.user_id);
  if (user != by_user_.end()) {
    user->second.erase(token_digest);
    if (user->second.empty()) by_user_.erase(user);
  }
  auto [begin, end] = by_expiry_.equal_range(found->second.expires_at);
  for (auto it = begin; it != end; ++it) {
    if (it->second == token_digest) {
      by_expiry_.erase(it);
      break;
    }
  }
  sessions_.erase(found);
}

void InProcessSessionStore::SweepExpired() {
  auto const now = clock_.Now();
  while (!by_expiry_.empty() && by_expiry_.begin()->first <= now) Erase(by_expiry_.begin()->second);
}

domain::Status InProcessSessionStore::Create(domain::Session const& session) {
  std::lock_guard lock(mutex_);
  SweepExpired();
  Erase(session.token_digest);
  sessions_.emplace(session.token_digest, session);
  by_user_[session.user_id].insert(session.token_digest);
  by_expiry_.emplace(session.expires_at, session.token_digest);
  return domain::Ok();
}

domain::Result<std::optional<domain::Session>> InProcessSessionStore::Find(std::string const& token_digest) {
  std::lock_guard lock(mutex_);
  auto found = sessions_.find(token_digest);
  if (found == sessions_.end()) return std::optional<domain::Session>();
  if (found->second.expires_at <= clock_.Now()) {
    Erase(token_digest);
    return std::optional<domain::Session>();
  }
  return std::optional<domain::Session>(found->second);
}

domain::Status InProcessSessionStore::Revoke(std::string const& user_id, std::string const& token_digest) {
  std::lock_guard lock(mutex_);
  auto found = sessions_.find(token_digest);
  if (found != sessions_.end() && found->second.user_id == user_id) Erase(token_digest);
  return domain::Ok();
}

domain::Status InProcessSessionStore::RevokeAll(std::string const& user_id, std::optional<std::string> const& keep) {
  std::lock_guard lock(mutex_);
  auto user = by_user_.find(user_id);
  if (user == by_user_.end()) return domain::Ok();
  std::set<std::string> const digests = user->second;
  for (auto const& digest : digests) {
    if (!keep || digest != *keep) Erase(digest);
  }
  return domain::Ok();
}

}  // namespace mercato::adapters
