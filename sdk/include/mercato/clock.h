// The monotonic time source of cache TTLs, injectable so that tests move time by hand.
#pragma once

#include <chrono>
#include <memory>

#include <time.h>

namespace mercato {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::chrono::steady_clock::time_point Now() const = 0;
};

// std::chrono::steady_clock, the default.
class SteadyClock final : public Clock {
 public:
  std::chrono::steady_clock::time_point Now() const override { return std::chrono::steady_clock::now(); }
};

// The same clock at the kernel's tick (1-4 ms on Linux, CLOCK_MONOTONIC_COARSE), read in a few ns
// instead of ~17: what a cache hit checks a TTL of minutes against. steady_clock elsewhere.
class CoarseSteadyClock final : public Clock {
 public:
  std::chrono::steady_clock::time_point Now() const override {
#ifdef CLOCK_MONOTONIC_COARSE
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC_COARSE, &now);
    return std::chrono::steady_clock::time_point(std::chrono::seconds(now.tv_sec) + std::chrono::nanoseconds(now.tv_nsec));
#else
    return std::chrono::steady_clock::now();
#endif
  }
};

}  // namespace mercato
