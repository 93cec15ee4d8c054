// Full-jitter exponential backoff over a per-thread random generator.
#include "sdk/src/backoff.h"

#include <algorithm>
#include <cstdint>
#include <random>

namespace mercato::internal {
namespace {

std::mt19937_64& Generator() {
  thread_local std::mt19937_64 generator{std::random_device{}()};
  return generator;
}

}  // namespace

FullJitterBackoff::FullJitterBackoff(RetryPolicy const& policy) : policy_(policy) { Reset(); }

void FullJitterBackoff::Reset() {
  cap_ms_ = static_cast<double>(std::min(policy_.initial_backoff, policy_.max_backoff).count());
}

std::chrono::milliseconds FullJitterBackoff::NextDelay() {
  auto const cap = static_cast<std::int64_t>(cap_ms_);
  std::uniform_int_distribution<std::int64_t> pick(0, std::max<std::int64_t>(cap, 0));
  cap_ms_ = std::min(cap_ms_ * std::max(policy_.multiplier, 1.0), static_cast<double>(policy_.max_backoff.count()));
  return std::chrono::milliseconds(pick(Generator()));
}

}  // namespace mercato::internal
