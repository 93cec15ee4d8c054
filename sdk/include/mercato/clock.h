// The monotonic time source of cache TTLs, injectable so that tests move time by hand.
#pragma once

#include <chrono>
#include <memory>

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

}  // namespace mercato
