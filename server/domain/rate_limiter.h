// Port: admission control per key (a principal, a client IP, an account's logins). Adapters:
// GCRA as one atomic Redis Lua script in production, in-process when embedded, and in-process as
// the fallback when Redis is unreachable (never unlimited).
#pragma once

#include <chrono>
#include <string>

namespace mercato::domain {

// A GCRA limit: `burst` requests at once, refilled at one request per `interval`.
struct RateLimit {
  int burst = 20;
  std::chrono::milliseconds interval{50};
};

struct RateDecision {
  bool allowed = true;
  std::chrono::milliseconds retry_after{0};  // when refused: how long until one request fits
};

class RateLimiter {
 public:
  virtual ~RateLimiter() = default;
  virtual RateDecision Acquire(std::string const& key, RateLimit const& limit) = 0;
};

}  // namespace mercato::domain
