// The script returns {allowed, retry_after_ms}; the key expires when the bucket is full again.
#include "server/adapters/redis/redis_rate_limiter.h"

#include <spdlog/spdlog.h>

namespace mercato::adapters {
namespace {

constexpr char kGcraScript[] = R"lua(
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
local next_tat = tat + interval
local allow_at = next_tat - burst * interval
if now < allow_at then return {0, allow_at - now} end
redis.call('SET', KEYS[1], next_tat, 'PX', math.max(next_tat - now, 1))
return {1, 0}
)lua";

}  // namespace

domain::RateDecision RedisRateLimiter::Acquire(std::string const& key, domain::RateLimit const& limit) {
  auto reply = redis_.Command({"EVAL", kGcraScript, "1", prefix_ + "ratelimit:" + key,
                               std::to_string(limit.interval.count()), std::to_string(limit.burst)});
  if (!reply || reply->type != RedisReply::Type::kArray || reply->elements.size() != 2) {
    if (!degraded_.exchange(true)) {
      spdlog::warn("rate limiter: Redis at {} does not answer; limiting in process until it does", redis_.address());
    }
    return fallback_.Acquire(key, limit);
  }
  if (degraded_.exchange(false)) spdlog::info("rate limiter: Redis at {} answers again", redis_.address());
  domain::RateDecision decision;
  decision.allowed = reply->elements[0].integer == 1;
  decision.retry_after = std::chrono::milliseconds(reply->elements[1].integer);
  return decision;
}

}  // namespace mercato::adapters
