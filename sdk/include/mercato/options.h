// How a Client talks to mercatod: endpoint, credentials, deadlines, retries and the local cache,
// plus the per-call overrides (CallOptions) every client method takes last.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "mercato/clock.h"

namespace mercato {

// Exponential backoff with full jitter: the n-th wait is uniform in
// [0, min(max_backoff, initial_backoff * multiplier^(n-1))]. A server retry hint wins over it.
struct RetryPolicy {
  // Attempts in total, the first included; 1 disables retries.
  int max_attempts = 4;
  std::chrono::milliseconds initial_backoff{100};
  std::chrono::milliseconds max_backoff{5000};
  double multiplier = 2.0;
};

// The local read cache of entities (TTL + LRU + entity versions), kept fresh by the server's
// WatchChanges event stream.
struct CacheOptions {
  bool enabled = true;
  // Capacity of each entity cache (products, categories, SKU index).
  std::size_t max_entries = 10000;
  // Independently locked parts of each cache; more shards, less contention.
  std::size_t shards = 16;
  // Upper bound on the age of a cached entry, whatever the event stream says.
  std::chrono::milliseconds ttl = std::chrono::minutes(5);
  // Follow the server's change stream so that other clients' writes reach this cache in about a
  // second; without it, entries are only bounded by the TTL.
  bool watch_changes = true;
};

// Waits between retry attempts; tests inject one that records the delays and returns at once.
using Sleeper = std::function<void(std::chrono::milliseconds)>;

// Schedules `retry` to run once `delay` has passed, holding no thread meanwhile: the wait between
// attempts of the asynchronous calls. `retry` may run on any thread. Tests inject one that records
// the delays and runs `retry` at once.
using RetryTimer = std::function<void(std::chrono::milliseconds delay, std::function<void()> retry)>;

// Whether `token` can travel in an HTTP header: visible ASCII only (0x21-0x7E; RFC 9110 field
// values, as gRPC checks them). Calls with any other token fail INVALID_ARGUMENT.
inline bool IsHeaderSafeToken(std::string_view token) {
  for (char const c : token) {
    if (c < 0x21 || c > 0x7E) return false;
  }
  return true;
}

struct Options {
  // host:port of mercatod (plaintext gRPC).
  std::string endpoint = "localhost:50051";
  // Sent as "authorization: Bearer <token>" on every call when not empty.
  std::string bearer_token;
  // Deadline of each attempt of a unary call.
  std::chrono::milliseconds default_deadline = std::chrono::seconds(10);
  RetryPolicy retry;
  CacheOptions cache;
  // Time source of cache TTLs; null means CoarseSteadyClock.
  std::shared_ptr<Clock> clock;
  // Waits between retries of the blocking calls; empty means std::this_thread::sleep_for.
  Sleeper sleeper;
  // Waits between retries of the asynchronous calls; empty means a grpc::Alarm.
  RetryTimer retry_timer;
};

// Per-call overrides; every client method takes one last (`CallOptions opts = {}`).
struct CallOptions {
  // Deadline of each attempt, instead of Options::default_deadline.
  std::optional<std::chrono::milliseconds> deadline;
  // Instead of Options::retry.
  std::optional<RetryPolicy> retry;
  // Mutations: the idempotency key. Empty: the SDK generates a random UUID once per call, and
  // sends that same key on every retry of it. Give your own to deduplicate across restarts.
  std::string request_id;
  // Reads: skip the local cache, ask the server, and refresh the cache with the answer.
  bool bypass_cache = false;
};

}  // namespace mercato
