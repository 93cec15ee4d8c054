// The circuit breaker: opens after failures close together (not after scattered ones, and
// whatever succeeded between them), refuses calls while open and counts them, closes only on a
// probe, and tells its listener of each change.
#include <gtest/gtest.h>

#include <chrono>
#include <vector>

#include "server/domain/circuit_breaker.h"

namespace mercato::domain {
namespace {

using std::chrono::seconds;
CircuitBreaker::Clock::time_point const kStart{};

TEST(CircuitBreakerTest, OpensAfterFailuresInARowAndRefusesCalls) {
  CircuitBreaker breaker("redis", {.failures_to_open = 3});
  breaker.RecordFailure();
  breaker.RecordFailure();
  EXPECT_TRUE(breaker.AllowsCalls());
  breaker.RecordFailure();
  EXPECT_TRUE(breaker.open());
  EXPECT_FALSE(breaker.AllowsCalls());
  EXPECT_FALSE(breaker.AllowsCalls());
  EXPECT_EQ(breaker.calls_refused(), 2u);
  EXPECT_EQ(breaker.times_opened(), 1u);
}

TEST(CircuitBreakerTest, ScatteredFailuresKeepItClosed) {
  CircuitBreaker breaker("redis", {.failures_to_open = 3, .window = seconds(10)});
  for (int i = 0; i < 10; ++i) breaker.RecordFailure(kStart + seconds(6) * i);  // one every 6 s
  EXPECT_FALSE(breaker.open());
  breaker.RecordFailure(kStart + seconds(54) + seconds(1));
  EXPECT_TRUE(breaker.open()) << "3 failures within 10 s: 48 s, 54 s, 55 s";
}

TEST(CircuitBreakerTest, OnlyAProbeClosesIt) {
  CircuitBreaker breaker("redis", {.failures_to_open = 1});
  breaker.RecordFailure();
  EXPECT_TRUE(breaker.open());
  breaker.ProbeSucceeded();
  EXPECT_FALSE(breaker.open());
  EXPECT_TRUE(breaker.AllowsCalls());
  // Closed again, it counts failures from zero.
  breaker.RecordFailure();
  EXPECT_TRUE(breaker.open());
  EXPECT_EQ(breaker.times_opened(), 2u);
}

TEST(CircuitBreakerTest, TheListenerHearsTheCurrentStateThenEachChange) {
  CircuitBreaker breaker("redis", {.failures_to_open = 2});
  std::vector<bool> heard;
  breaker.OnChange([&](bool open) { heard.push_back(open); });
  for (int i = 0; i < 4; ++i) breaker.RecordFailure();  // opens once, not on every failure
  breaker.ProbeSucceeded();
  breaker.ProbeSucceeded();
  EXPECT_EQ(heard, (std::vector<bool>{false, true, false}));
  breaker.OnChange(nullptr);
  breaker.RecordFailure();
  breaker.RecordFailure();
  EXPECT_EQ(heard.size(), 3u);
}

}  // namespace
}  // namespace mercato::domain
