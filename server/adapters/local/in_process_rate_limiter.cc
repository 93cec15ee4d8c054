// GCRA: a request fits while the theoretical arrival time is within burst * interval of now.
#include "server/adapters/local/in_process_rate_limiter.h"

#include <algorithm>

namespace mercato::adapters {
namespace {

constexpr std::size_t kCleanupEvery = 4096;

}  // namespace

GcraStep Gcra(std::chrono::system_clock::time_point now, std::chrono::system_clock::time_point tat,
              domain::RateLimit const& limit) {
  auto const start = std::max(tat, now);
  auto const next = start + limit.interval;
  auto const allow_at = next - limit.interval * limit.burst;
  if (now < allow_at) {
    return {{false, std::chrono::ceil<std::chrono::milliseconds>(allow_at - now)}, tat};
  }
  return {{true, std::chrono::milliseconds(0)}, next};
}

domain::RateDecision InProcessRateLimiter::Acquire(std::string const& key, domain::RateLimit const& limit) {
  auto const now = clock_.Now();
  std::lock_guard lock(mutex_);
  if (++calls_since_cleanup_ >= kCleanupEvery) ForgetIdleKeys(now);
  auto& tat = tat_[key];
  auto step = Gcra(now, tat, limit);
  tat = step.tat;
  return step.decision;
}

void InProcessRateLimiter::ForgetIdleKeys(std::chrono::system_clock::time_point now) {
  calls_since_cleanup_ = 0;
  std::erase_if(tat_, [&](auto const& entry) { return entry.second <= now; });
}

}  // namespace mercato::adapters
