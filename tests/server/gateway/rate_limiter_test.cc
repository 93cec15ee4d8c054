// GCRA limiters: the in-process one on a fake clock (trips at the burst, says when to come back,
// recovers), the Redis one shared by two instances, and its in-process fallback with Redis down.
#include <gtest/gtest.h>

#include <random>

#include "server/adapters/local/in_process_rate_limiter.h"
#include "server/adapters/redis/redis_client.h"
#include "server/adapters/redis/redis_rate_limiter.h"
#include "tests/support/test_env.h"

namespace mercato::adapters {
namespace {

using namespace std::chrono_literals;

class FakeClock final : public domain::Clock {
 public:
  std::chrono::system_clock::time_point Now() override { return now; }
  std::chrono::system_clock::time_point now{std::chrono::seconds(1'700'000'000)};
};

int AllowedInARow(domain::RateLimiter& limiter, std::string const& key, domain::RateLimit const& limit, int tries) {
  int allowed = 0;
  for (int i = 0; i < tries; ++i) allowed += limiter.Acquire(key, limit).allowed ? 1 : 0;
  return allowed;
}

TEST(InProcessRateLimiter, TripsAtTheBurstAndRecoversAtTheRate) {
  FakeClock clock;
  InProcessRateLimiter limiter(clock);
  domain::RateLimit const limit{5, 100ms};
  EXPECT_EQ(AllowedInARow(limiter, "user:a", limit, 8), 5);

  auto const refused = limiter.Acquire("user:a", limit);
  EXPECT_FALSE(refused.allowed);
  EXPECT_GT(refused.retry_after, 0ms);
  EXPECT_LE(refused.retry_after, 100ms);

  clock.now += refused.retry_after;
  EXPECT_TRUE(limiter.Acquire("user:a", limit).allowed) << "one request fits once retry_after has passed";
  EXPECT_FALSE(limiter.Acquire("user:a", limit).allowed);

  clock.now += 1s;
  EXPECT_EQ(AllowedInARow(limiter, "user:a", limit, 8), 5) << "a full bucket after a quiet second";
  EXPECT_EQ(AllowedInARow(limiter, "user:b", limit, 8), 5) << "keys are limited independently";
}

std::string UniqueKey() { return "test-" + std::to_string(std::random_device{}()); }

TEST(RedisRateLimiter, OneLimitIsSharedByEveryInstance) {
  RedisClient redis(mercato::testing::RequiredEnv("MERCATO_TEST_REDIS"), 2, 500ms);
  FakeClock clock;
  InProcessRateLimiter fallback_a(clock);
  InProcessRateLimiter fallback_b(clock);
  domain::RateLimit const limit{6, 10s};
  std::string const key = UniqueKey();

  RedisRateLimiter a(redis, "shared:", fallback_a);
  RedisRateLimiter b(redis, "shared:", fallback_b);
  int allowed = 0;
  for (int i = 0; i < 5; ++i) {
    allowed += a.Acquire(key, limit).allowed ? 1 : 0;
    allowed += b.Acquire(key, limit).allowed ? 1 : 0;
  }
  EXPECT_EQ(allowed, 6) << "the two instances drew from one bucket";
  auto const refused = a.Acquire(key, limit);
  EXPECT_FALSE(refused.allowed);
  EXPECT_GT(refused.retry_after, 0ms);
}

TEST(RedisRateLimiter, WithRedisDownTheFallbackStillLimits) {
  RedisClient unreachable("127.0.0.1:1", 1, 100ms);
  FakeClock clock;
  InProcessRateLimiter fallback(clock);
  RedisRateLimiter limiter(unreachable, "", fallback);
  EXPECT_EQ(AllowedInARow(limiter, "ip:10.0.0.1", {3, 1s}, 10), 3);
}

}  // namespace
}  // namespace mercato::adapters
