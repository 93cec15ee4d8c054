// Oldest entries go first when full: entries of old generations are never read again, so age is
// the right eviction order here.
#include "server/adapters/local/in_process_listing_cache.h"

namespace mercato::adapters {

std::optional<std::string> InProcessListingCache::Get(std::string const& key) {
  std::lock_guard lock(mutex_);
  auto found = entries_.find(key);
  if (found == entries_.end()) return std::nullopt;
  if (found->second.expires_at <= clock_.Now()) {
    insertion_order_.erase(found->second.age);
    entries_.erase(found);
    return std::nullopt;
  }
  return found->second.value;
}

void InProcessListingCache::Put(std::string const& key, std::string const& value, std::chrono::seconds ttl) {
  if (max_entries_ == 0) return;
  std::lock_guard lock(mutex_);
  auto const expires_at = clock_.Now() + ttl;
  if (auto found = entries_.find(key); found != entries_.end()) {
    found->second.value = value;
    found->second.expires_at = expires_at;
    return;
  }
  while (entries_.size() >= max_entries_) {
    entries_.erase(insertion_order_.front());
    insertion_order_.pop_front();
  }
  insertion_order_.push_back(key);
  entries_.emplace(key, Entry{value, expires_at, std::prev(insertion_order_.end())});
}

}  // namespace mercato::adapters
