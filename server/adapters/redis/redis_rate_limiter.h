// GCRA shared by every mercatod instance: one atomic Lua script per request on Redis (its own
// clock, so instance clocks need not agree). When Redis does not answer, the in-process limiter
// decides instead: limits stay on, per instance.
#pragma once

#include <atomic>

#include "server/adapters/redis/redis_client.h"
#include "server/domain/rate_limiter.h"

namespace mercato::adapters {

class RedisRateLimiter final : public domain::RateLimiter {
 public:
  RedisRateLimiter(RedisClient& redis, std::string key_prefix, domain::RateLimiter& fallback)
      : redis_(redis), prefix_(std::move(key_prefix)), fallback_(fallback) {}

  domain::RateDecision Acquire(std::string const& key, domain::RateLimit const& limit) override;

 private:
  RedisClient& redis_;
  std::string prefix_;
  domain::RateLimiter& fallback_;
  std::atomic<bool> degraded_{false};  // logged once per outage, not once per request
};

}  // namespace mercato::adapters
