// VersionedLruCache: LRU eviction, TTL expiry on an injected clock, version ordering,
// invalidation markers, counters, and its invariants under concurrent use.
#include "mercato/cache.h"

#include <gtest/gtest.h>

#include <atomic>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "tests/sdk/fake_clock.h"
#include "tests/sdk/share.h"

namespace mercato {
namespace {

using namespace std::chrono_literals;
using namespace std::string_literals;
using mercato::testing::FakeClock;
using mercato::testing::Share;

// What a Get answered, as a value to compare: nullopt for a miss.
template <typename T>
std::optional<T> ValueOf(Shared<T> const& value) {
  if (!value) return std::nullopt;
  return *value;
}

TEST(VersionedLruCache, EvictsTheLeastRecentlyUsedEntryAtCapacity) {
  VersionedLruCache<std::string, int> cache(3, 1, 1h);
  cache.Put("a", Share(1), 1);
  cache.Put("b", Share(2), 1);
  cache.Put("c", Share(3), 1);
  ASSERT_EQ(ValueOf(cache.Get("a")), 1);  // "b" is now the least recently used
  cache.Put("d", Share(4), 1);

  EXPECT_EQ(ValueOf(cache.Get("b")), std::nullopt);
  EXPECT_EQ(ValueOf(cache.Get("a")), 1);
  EXPECT_EQ(ValueOf(cache.Get("c")), 3);
  EXPECT_EQ(ValueOf(cache.Get("d")), 4);
  CacheStats const stats = cache.Stats();
  EXPECT_EQ(stats.evictions, 1U);
  EXPECT_EQ(stats.size, 3U);
}

TEST(VersionedLruCache, EntriesExpireAfterTheTtlOnTheInjectedClock) {
  auto clock = std::make_shared<FakeClock>();
  VersionedLruCache<std::string, int> cache(10, 2, 10s, clock);
  cache.Put("a", Share(1), 1);

  clock->Advance(9s);
  EXPECT_EQ(ValueOf(cache.Get("a")), 1);
  clock->Advance(2s);
  EXPECT_EQ(ValueOf(cache.Get("a")), std::nullopt);
  EXPECT_EQ(cache.Stats().expirations, 1U);
  EXPECT_EQ(cache.Stats().size, 0U);
}

TEST(VersionedLruCache, AnOlderVersionNeverReplacesANewerOne) {
  VersionedLruCache<std::string, std::string> cache(10, 1, 1h);
  EXPECT_TRUE(cache.Put("p", Share("v2"s), 2));
  EXPECT_FALSE(cache.Put("p", Share("v1"s), 1));
  EXPECT_EQ(ValueOf(cache.Get("p")), "v2");
  EXPECT_TRUE(cache.Put("p", Share("v2 again"s), 2));  // same version: a refresh
  EXPECT_TRUE(cache.Put("p", Share("v3"s), 3));
  EXPECT_EQ(ValueOf(cache.Get("p")), "v3");
}

TEST(VersionedLruCache, InvalidationAtAVersionRefusesALaterStalePut) {
  auto clock = std::make_shared<FakeClock>();
  VersionedLruCache<std::string, std::string> cache(10, 1, 1min, clock);
  cache.Put("p", Share("v1"s), 1);
  cache.Invalidate("p", 2);  // the event of version 2 arrived

  EXPECT_EQ(ValueOf(cache.Get("p")), std::nullopt);
  EXPECT_FALSE(cache.Put("p", Share("v1 read before the event"s), 1));
  EXPECT_EQ(ValueOf(cache.Get("p")), std::nullopt);
  EXPECT_TRUE(cache.Put("p", Share("v2"s), 2));
  EXPECT_EQ(ValueOf(cache.Get("p")), "v2");
}

TEST(VersionedLruCache, InvalidationMarkersLastOnlyForTheTtl) {
  auto clock = std::make_shared<FakeClock>();
  VersionedLruCache<std::string, std::string> cache(10, 1, 1min, clock);
  cache.Invalidate("p", 5);
  EXPECT_FALSE(cache.Put("p", Share("v4"s), 4));
  clock->Advance(61s);
  EXPECT_TRUE(cache.Put("p", Share("v4"s), 4));
}

TEST(VersionedLruCache, InvalidationKeepsAnEntryAlreadyAtThatVersionOrNewer) {
  VersionedLruCache<std::string, std::string> cache(10, 1, 1h);
  cache.Put("p", Share("v3"s), 3);
  cache.Invalidate("p", 2);
  EXPECT_EQ(ValueOf(cache.Get("p")), "v3");
  cache.Invalidate("p");
  EXPECT_EQ(ValueOf(cache.Get("p")), std::nullopt);
  EXPECT_TRUE(cache.Put("p", Share("v1"s), 1));  // a plain Invalidate leaves no marker
}

TEST(VersionedLruCache, RefreshUpdatesCachedKeysOnlyAndFencesTheRest) {
  VersionedLruCache<std::string, int> cache(10, 1, 1h);
  cache.Put("read", Share(1), 1);
  EXPECT_TRUE(cache.Refresh("read", Share(2), 2));
  EXPECT_EQ(ValueOf(cache.Get("read")), 2);
  EXPECT_FALSE(cache.Refresh("read", Share(1), 1)) << "an older change must not win";
  EXPECT_EQ(ValueOf(cache.Get("read")), 2);

  EXPECT_FALSE(cache.Refresh("never-read", Share(5), 5));
  EXPECT_EQ(ValueOf(cache.Get("never-read")), std::nullopt) << "a change feed must not fill the cache";
  EXPECT_FALSE(cache.Put("never-read", Share(4), 4)) << "a read racing the change must not store older data";
  EXPECT_TRUE(cache.Put("never-read", Share(5), 5));
  EXPECT_EQ(ValueOf(cache.Get("never-read")), 5);
}

TEST(VersionedLruCache, AHitHandsOutTheStoredValueWithoutCopying) {
  VersionedLruCache<std::string, std::string> cache(10, 1, 1h);
  Shared<std::string> stored = Share("v1"s);
  std::string const* const address = stored.get();
  ASSERT_TRUE(cache.Put("p", std::move(stored), 1));  // the cache is now its only owner

  Shared<std::string> const first = cache.Get("p");
  Shared<std::string> const second = cache.Get("p");
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  EXPECT_EQ(first.get(), address) << "a hit must hand out the stored object, not a copy";
  EXPECT_EQ(second.get(), address);

  ASSERT_TRUE(cache.Put("p", Share("v2"s), 2));
  EXPECT_EQ(ValueOf(cache.Get("p")), "v2");
  // The replaced value lives on for the readers that hold it, unchanged.
  EXPECT_EQ(first.use_count(), 2) << "only the two readers hold the old value now";
  EXPECT_EQ(first.get(), address);
  EXPECT_EQ(*first, "v1");
}

TEST(VersionedLruCache, CountsHitsAndMisses) {
  VersionedLruCache<int, int> cache(10, 4, 1h);
  cache.Put(1, Share(10), 1);
  (void)cache.Get(1);
  (void)cache.Get(1);
  (void)cache.Get(2);
  CacheStats const stats = cache.Stats();
  EXPECT_EQ(stats.hits, 2U);
  EXPECT_EQ(stats.misses, 1U);
  EXPECT_EQ(stats.size, 1U);
}

TEST(VersionedLruCache, NeverHoldsMoreThanMaxEntriesWhateverTheShardCount) {
  VersionedLruCache<int, int> cache(10, 16, 1h);
  EXPECT_LE(cache.capacity(), 10U);
  for (int i = 0; i < 100; ++i) cache.Put(i, Share(i), 1);
  EXPECT_LE(cache.Stats().size, 10U);
  EXPECT_GE(cache.Stats().evictions, 90U);
}

TEST(VersionedLruCache, ClearForgetsEntriesAndMarkers) {
  VersionedLruCache<std::string, int> cache(10, 2, 1h);
  cache.Put("a", Share(1), 1);
  cache.Invalidate("b", 9);
  cache.Clear();
  EXPECT_EQ(cache.Stats().size, 0U);
  EXPECT_EQ(ValueOf(cache.Get("a")), std::nullopt);
  EXPECT_TRUE(cache.Put("b", Share(1), 1));
}

TEST(VersionedLruCache, ConcurrentUseKeepsItsInvariants) {
  constexpr std::size_t kCapacity = 64;
  constexpr int kThreads = 8;
  constexpr int kOpsPerThread = 20000;
  // Each value names its own key and version, so a torn or misplaced entry would show.
  VersionedLruCache<int, std::pair<int, std::int64_t>> cache(kCapacity, 4, 1h);
  std::atomic<std::uint64_t> gets{0};
  std::atomic<int> wrong_values{0};

  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937 random(static_cast<std::uint32_t>(t));
      std::uniform_int_distribution<int> key_of(0, 199);
      std::uniform_int_distribution<int> op_of(0, 9);
      for (int i = 0; i < kOpsPerThread; ++i) {
        int const key = key_of(random);
        int const op = op_of(random);
        if (op < 5) {
          ++gets;
          auto value = cache.Get(key);
          if (value && value->first != key) ++wrong_values;
        } else if (op < 9) {
          std::int64_t const version = i;
          cache.Put(key, Share(std::make_pair(key, version)), version);
        } else {
          cache.Invalidate(key, i);
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();

  CacheStats const stats = cache.Stats();
  EXPECT_EQ(wrong_values.load(), 0);
  EXPECT_LE(stats.size, kCapacity);
  EXPECT_EQ(stats.hits + stats.misses, gets.load());
}

}  // namespace
}  // namespace mercato
