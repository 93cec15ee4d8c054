// VersionedLruCache: a thread-safe, sharded LRU cache whose entries expire after a TTL and carry
// the entity version they hold, so that a late write of older data never replaces newer data.
// Values are immutable and shared (Shared<Value>): a hit hands out the stored pointer and copies
// nothing, and an entry replaced or evicted meanwhile stays valid for whoever holds it.
// Usable on its own; the catalog client keeps products, categories and its SKU index in it.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "mercato/clock.h"

namespace mercato {

// std::hash of a string, transparent: a cache keyed by std::string looks up a std::string_view (or
// a char const*) without building a std::string; the standard gives both the same hash.
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
};

// An immutable value shared by the cache and every caller that read it; a cache hit hands out one
// of these and copies nothing.
template <typename T>
using Shared = std::shared_ptr<T const>;

// What a Get counts: kHitsOnly is for a look ahead of a read that looks again when this finds
// nothing, so that one read that misses is one miss.
enum class CacheCount { kHitsAndMisses, kHitsOnly };

struct CacheStats {
  // Get calls answered from the cache.
  std::uint64_t hits = 0;
  // Get calls that found nothing fresh (absent, expired or invalidated).
  std::uint64_t misses = 0;
  // Entries pushed out by capacity.
  std::uint64_t evictions = 0;
  // Entries dropped because their TTL had passed.
  std::uint64_t expirations = 0;
  // Entries held now, invalidation markers included.
  std::size_t size = 0;

  CacheStats& operator+=(CacheStats const& other) {
    hits += other.hits;
    misses += other.misses;
    evictions += other.evictions;
    expirations += other.expirations;
    size += other.size;
    return *this;
  }
};

// Keys are spread over `shards` parts, each with its own mutex, LRU list and hash map; each shard
// holds max_entries / shards entries, so the cache never holds more than max_entries.
//
// Versions: Put(key, value, v) is refused when the cache holds the key at a version newer than v.
// Invalidate(key, v) drops an entry older than v and remembers v for the TTL, so that a reader
// who fetched before a change and stores after the change's event cannot bring the old data back.
template <typename Key, typename Value, typename Hash = std::hash<Key>>
class VersionedLruCache {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  VersionedLruCache(std::size_t max_entries, std::size_t shards, std::chrono::nanoseconds ttl,
                    std::shared_ptr<Clock> clock = nullptr)
      : ttl_(ttl), clock_(clock ? std::move(clock) : std::make_shared<CoarseSteadyClock>()) {
    std::size_t const shard_count = std::clamp<std::size_t>(shards, 1, std::max<std::size_t>(max_entries, 1));
    per_shard_capacity_ = std::max<std::size_t>(max_entries / shard_count, 1);
    shards_.reserve(shard_count);
    for (std::size_t i = 0; i < shard_count; ++i) shards_.push_back(std::make_unique<Shard>());
  }

  VersionedLruCache(VersionedLruCache const&) = delete;
  VersionedLruCache& operator=(VersionedLruCache const&) = delete;

  // The fresh value of `key`, or null (a miss). With a transparent Hash (StringHash), `key` may be
  // anything Hash takes and Key compares with, such as a std::string_view: nothing is built to look.
  template <typename K = Key>
  Shared<Value> Get(K const& key, CacheCount count = CacheCount::kHitsAndMisses) {
    HashedKey<K> const hashed{key, Hash{}(key)};
    Shard& shard = ShardFor(hashed.hash);
    std::lock_guard lock(shard.mu);
    auto it = shard.index.find(hashed);
    if (it == shard.index.end() || !Fresh(shard, it) || !it->second->value) {
      if (count == CacheCount::kHitsAndMisses) ++shard.stats.misses;
      return nullptr;
    }
    shard.lru.splice(shard.lru.begin(), shard.lru, it->second);
    ++shard.stats.hits;
    return it->second->value;
  }

  // Stores `value` (not null) at `version` unless the cache holds the key at a newer version (or
  // remembers an invalidation at a newer version). Returns whether it was stored.
  bool Put(Key const& key, Shared<Value> value, std::int64_t version) {
    return Store(key, std::move(value), version, true);
  }

  // For change feeds: replaces the value only when the key is already cached (and older);
  // otherwise remembers `version` as an invalidation, so that a read racing the change cannot
  // store older data, and nothing nobody asked for fills the cache. Returns whether it stored.
  bool Refresh(Key const& key, Shared<Value> value, std::int64_t version) {
    return Store(key, std::move(value), version, false);
  }

  // Forgets `key` entirely.
  void Invalidate(Key const& key) {
    HashedKey<Key> const hashed{key, Hash{}(key)};
    Shard& shard = ShardFor(hashed.hash);
    std::lock_guard lock(shard.mu);
    auto it = shard.index.find(hashed);
    if (it == shard.index.end()) return;
    shard.lru.erase(it->second);
    shard.index.erase(it);
  }

  // Drops the entry if it is older than `min_version`, and refuses Puts older than `min_version`
  // for the TTL. An entry already at `min_version` or newer stays.
  void Invalidate(Key const& key, std::int64_t min_version) {
    HashedKey<Key> const hashed{key, Hash{}(key)};
    Shard& shard = ShardFor(hashed.hash);
    std::lock_guard lock(shard.mu);
    TimePoint const expires = clock_->Now() + ttl_;
    auto it = shard.index.find(hashed);
    if (it != shard.index.end() && Fresh(shard, it)) {
      Entry& entry = *it->second;
      if (entry.version >= min_version) return;
      entry.value.reset();
      entry.version = min_version;
      entry.expires = expires;
      return;
    }
    Insert(shard, key, Entry{key, nullptr, min_version, expires});
  }

  // Forgets everything, invalidation markers included; the counters stay.
  void Clear() {
    for (auto& shard : shards_) {
      std::lock_guard lock(shard->mu);
      shard->lru.clear();
      shard->index.clear();
    }
  }

  CacheStats Stats() const {
    CacheStats total;
    for (auto const& shard : shards_) {
      std::lock_guard lock(shard->mu);
      CacheStats s = shard->stats;
      s.size = shard->index.size();
      total += s;
    }
    return total;
  }

  std::size_t capacity() const { return per_shard_capacity_ * shards_.size(); }

 private:
  // Put (cache what was read) and Refresh (update only what is cached, fence the rest) differ
  // only in what happens to a key with no cached value.
  bool Store(Key const& key, Shared<Value> value, std::int64_t version, bool cache_if_absent) {
    HashedKey<Key> const hashed{key, Hash{}(key)};
    Shard& shard = ShardFor(hashed.hash);
    std::lock_guard lock(shard.mu);
    TimePoint const expires = clock_->Now() + ttl_;
    auto it = shard.index.find(hashed);
    if (it != shard.index.end() && Fresh(shard, it)) {
      Entry& entry = *it->second;
      if (version < entry.version) return false;
      bool const store = cache_if_absent || entry.value != nullptr;
      if (store) entry.value = std::move(value);
      entry.version = version;
      entry.expires = expires;
      if (store) shard.lru.splice(shard.lru.begin(), shard.lru, it->second);
      return store;
    }
    Insert(shard, key, Entry{key, cache_if_absent ? std::move(value) : nullptr, version, expires});
    return cache_if_absent;
  }

  struct Entry {
    Key key;
    Shared<Value> value;   // null: an invalidation marker
    std::int64_t version;  // of the value, or the least version a Put must carry
    TimePoint expires;
  };
  using List = std::list<Entry>;

  // A key and its hash, computed once per call: the hash picks the shard and finds the key in the
  // shard's table (a heterogeneous lookup), so a hit hashes the key once.
  template <typename K>
  struct HashedKey {
    K const& key;
    std::size_t hash;
  };
  struct IndexHash {
    using is_transparent = void;
    std::size_t operator()(Key const& key) const { return Hash{}(key); }
    template <typename K>
    std::size_t operator()(HashedKey<K> const& hashed) const { return hashed.hash; }
  };
  struct IndexEqual {
    using is_transparent = void;
    bool operator()(Key const& a, Key const& b) const { return a == b; }
    template <typename K>
    bool operator()(HashedKey<K> const& a, Key const& b) const { return a.key == b; }
    template <typename K>
    bool operator()(Key const& a, HashedKey<K> const& b) const { return a == b.key; }
  };
  using Index = std::unordered_map<Key, typename List::iterator, IndexHash, IndexEqual>;

  struct Shard {
    mutable std::mutex mu;
    List lru;  // most recently used first
    Index index;
    CacheStats stats;
  };

  Shard& ShardFor(std::size_t hash) {
    // Mix the hash so that the shard and the shard's own hash table use different bits.
    auto const h = static_cast<std::uint64_t>(hash) * 0x9E3779B97F4A7C15ULL;
    return *shards_[static_cast<std::size_t>((h >> 32) % shards_.size())];
  }

  // Whether the entry at `it` is within its TTL; drops it when not. Requires shard.mu.
  bool Fresh(Shard& shard, typename Index::iterator it) {
    if (clock_->Now() < it->second->expires) return true;
    shard.lru.erase(it->second);
    shard.index.erase(it);
    ++shard.stats.expirations;
    return false;
  }

  // Adds a new entry as most recently used, evicting the least recently used beyond capacity.
  void Insert(Shard& shard, Key const& key, Entry entry) {
    shard.lru.push_front(std::move(entry));
    shard.index[key] = shard.lru.begin();
    while (shard.index.size() > per_shard_capacity_) {
      shard.index.erase(shard.lru.back().key);
      shard.lru.pop_back();
      ++shard.stats.evictions;
    }
  }

  std::chrono::nanoseconds ttl_;
  std::shared_ptr<Clock> clock_;
  std::size_t per_shard_capacity_ = 1;
  std::vector<std::unique_ptr<Shard>> shards_;
};

}  // namespace mercato
