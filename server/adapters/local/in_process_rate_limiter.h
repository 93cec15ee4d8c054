// GCRA rate limiting in process memory: the embedded limiter, and the fallback when Redis is
// unreachable (each instance then limits on its own: looser than the shared limit, never absent).
#pragma once

#include <mutex>
#include <unordered_map>

#include "server/domain/clock.h"
#include "server/domain/rate_limiter.h"

namespace mercato::adapters {

class InProcessRateLimiter final : public domain::RateLimiter {
 public:
  explicit InProcessRateLimiter(domain::Clock& clock) : clock_(clock) {}
  domain::RateDecision Acquire(std::string const& key, domain::RateLimit const& limit) override;

 private:
  void ForgetIdleKeys(std::chrono::system_clock::time_point now);

  domain::Clock& clock_;
  std::mutex mutex_;
  // Theoretical arrival time per key: when the bucket would be empty again.
  std::unordered_map<std::string, std::chrono::system_clock::time_point> tat_;
  std::size_t calls_since_cleanup_ = 0;
};

// The GCRA step shared by the in-process limiter and its tests: given the stored theoretical
// arrival time, decides and returns the new one (unchanged when refused).
struct GcraStep {
  domain::RateDecision decision;
  std::chrono::system_clock::time_point tat;
};
GcraStep Gcra(std::chrono::system_clock::time_point now, std::chrono::system_clock::time_point tat,
              domain::RateLimit const& limit);

}  // namespace mercato::adapters
