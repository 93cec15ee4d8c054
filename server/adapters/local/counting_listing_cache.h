// Decorates a ListingCache with hit and miss counters, for the /metrics hit ratio.
#pragma once

#include <atomic>
#include <memory>

#include "server/domain/catalog/listing_cache.h"

namespace mercato::adapters {

class CountingListingCache final : public domain::ListingCache {
 public:
  explicit CountingListingCache(std::unique_ptr<domain::ListingCache> inner) : inner_(std::move(inner)) {}

  std::optional<std::string> Get(std::string const& key) override {
    auto value = inner_->Get(key);
    ++(value ? hits_ : misses_);
    return value;
  }
  void Put(std::string const& key, std::string const& value, std::chrono::seconds ttl) override {
    inner_->Put(key, value, ttl);
  }

  // Hits over lookups so far; 0 before the first lookup.
  double HitRatio() const {
    auto const hits = static_cast<double>(hits_.load());
    auto const total = hits + static_cast<double>(misses_.load());
    return total == 0 ? 0 : hits / total;
  }

 private:
  std::unique_ptr<domain::ListingCache> inner_;
  std::atomic<std::uint64_t> hits_{0};
  std::atomic<std::uint64_t> misses_{0};
};

}  // namespace mercato::adapters
