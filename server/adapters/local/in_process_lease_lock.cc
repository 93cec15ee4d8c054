#include "server/adapters/local/in_process_lease_lock.h"

#include <algorithm>

namespace mercato::adapters {

domain::Result<std::optional<domain::Lease>> InProcessLeaseLock::TryAcquire(std::string const& name,
                                                                            std::chrono::milliseconds lease) {
  std::lock_guard lock(mutex_);
  auto const now = clock_.NowMicros();
  if (auto const held = held_.find(name); held != held_.end() && held->second.expires_us > now) {
    return std::optional<domain::Lease>();
  }
  auto const owner = "grant-" + std::to_string(++grants_);
  held_[name] = {owner, now + std::chrono::duration_cast<std::chrono::microseconds>(lease).count()};
  auto& token = tokens_[name];
  token = std::max(token + 1, now);
  return std::optional<domain::Lease>(domain::Lease{name, owner, token});
}

void InProcessLeaseLock::Release(domain::Lease const& lease) {
  std::lock_guard lock(mutex_);
  if (auto const held = held_.find(lease.name); held != held_.end() && held->second.owner == lease.owner) {
    held_.erase(held);
  }
}

void InProcessLeaseLock::RaiseTokens(std::string const& name, std::int64_t token) {
  std::lock_guard lock(mutex_);
  auto& current = tokens_[name];
  current = std::max(current, token);
}

}  // namespace mercato::adapters
