// A small pool of hiredis connections with timeouts. Commands that fail (Redis down, timeout)
// return nullopt and the connection is rebuilt on next use: callers treat Redis as optional
// or fall back, never hang on it.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

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
  // address is "host:port".
  RedisClient(std::string address, std::size_t pool_size, std::chrono::milliseconds timeout);
  ~RedisClient();
  RedisClient(RedisClient const&) = delete;
  RedisClient& operator=(RedisClient const&) = delete;

  std::optional<RedisReply> Command(std::vector<std::string> const& args);

  // Connects once and sends PING: "" when Redis answers, else why not ("Connection refused",
  // "NOAUTH ..."), so that start-up can refuse a backend it cannot use.
  std::string Probe() const;

  std::string const& address() const { return address_; }

 private:
  struct ContextDeleter {
    void operator()(redisContext* context) const;
  };
  using Context = std::unique_ptr<redisContext, ContextDeleter>;

  Context Acquire();
  void Release(Context context);
  Context Connect() const;

  std::string address_;
  std::string host_;
  int port_ = 0;
  std::chrono::milliseconds timeout_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<Context> idle_;
  std::size_t leased_ = 0;
  std::size_t const pool_size_;
};

}  // namespace mercato::adapters
