// A small pool of hiredis connections with timeouts. Commands that fail (Redis down, timeout)
// return nullopt and the connection is rebuilt on next use: callers treat Redis as optional
// or fall back, never hang on it: a command waits at most `timeout` for a pooled connection and
// `timeout` for its answer. After a few failures a circuit breaker answers nullopt at once,
// without calling Redis, until a background write reaches it again.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "server/domain/circuit_breaker.h"
#include "server/domain/periodic_task.h"

struct redisContext;

namespace mercato::adapters {

struct RedisReply {
  enum class Type { kNil, kString, kInteger, kArray, kStatus, kError };
  Type type = Type::kNil;
  std::string text;         // string, status or error text
  std::int64_t integer = 0;
  std::vector<RedisReply> elements;
};

class RedisClient {
 public:
  // address is "host:port". `timeout` bounds each connect, each wait for a pooled connection and
  // each command. While the circuit is open, Redis is probed every `probe_interval` with a write
  // to `probe_key` (a write: a Redis that answers reads but holds writes is not back).
  RedisClient(std::string address, std::size_t pool_size, std::chrono::milliseconds timeout,
              std::chrono::milliseconds probe_interval = std::chrono::milliseconds(500),
              std::string probe_key = "mercato:circuit-probe");
  ~RedisClient();
  RedisClient(RedisClient const&) = delete;
  RedisClient& operator=(RedisClient const&) = delete;

  // nullopt when Redis did not answer (down, timed out) or the circuit is open. An error reply
  // (OOM, NOSCRIPT) is an answer: it neither opens nor closes the circuit.
  std::optional<RedisReply> Command(std::vector<std::string> const& args);

  // Connects once and sends PING: "" when Redis answers, else why not ("Connection refused",
  // "NOAUTH ..."), so that start-up can refuse a backend it cannot use.
  std::string Probe() const;
  // Connects once and writes `probe_key`: whether Redis answered at all (an error reply, such as
  // OOM, is an answer: Redis is responsive, only full).
  bool AnswersWrites() const;

  std::string const& address() const { return address_; }
  domain::CircuitBreaker const& breaker() const { return breaker_; }
  domain::CircuitBreaker& breaker() { return breaker_; }
  // Commands sent that got no answer (each cost up to `timeout`).
  std::uint64_t commands_failed() const { return commands_failed_.load(); }

 private:
  struct ContextDeleter {
    void operator()(redisContext* context) const;
  };
  using Context = std::unique_ptr<redisContext, ContextDeleter>;

  std::optional<Context> Acquire();
  void Release(Context context);
  Context Connect() const;

  std::string address_;
  std::string probe_key_;
  std::string host_;
  int port_ = 0;
  std::chrono::milliseconds timeout_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<Context> idle_;
  std::size_t leased_ = 0;
  std::size_t const pool_size_;
  std::atomic<std::uint64_t> commands_failed_{0};
  domain::CircuitBreaker breaker_{"redis"};
  // Last: stopped first, while what it uses still exists.
  domain::PeriodicTask prober_;
};

}  // namespace mercato::adapters
