// The embedded listing cache: a bounded in-memory map with per-entry expiry, for one process.
#pragma once

#include <atomic>
#include <list>
#include <mutex>
#include <unordered_map>

#include "server/domain/catalog/listing_cache.h"
#include "server/domain/clock.h"

namespace mercato::adapters {

class InProcessListingCache final : public domain::ListingCache {
 public:
  InProcessListingCache(domain::Clock& clock, std::size_t max_entries) : clock_(clock), max_entries_(max_entries) {}

  std::optional<std::string> Get(std::string const& key) override;
  void Put(std::string const& key, std::string const& value, std::chrono::seconds ttl) override;

 private:
  struct Entry {
    std::string value;
    std::chrono::system_clock::time_point expires_at;
    std::list<std::string>::iterator age;  // position in insertion order, oldest first
  };

  domain::Clock& clock_;
  std::size_t const max_entries_;
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
  std::list<std::string> insertion_order_;
};

}  // namespace mercato::adapters
