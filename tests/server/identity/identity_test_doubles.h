// Test doubles for the identity suites: a settable clock, a token-bucket rate limiter on that
// clock that remembers which keys it was asked about, and a Gateway that authenticates through
// the real SessionAuthenticator and checks a small method table of its own.
#pragma once

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "server/api/gateway.h"
#include "server/domain/clock.h"
#include "server/domain/identity/authenticator.h"
#include "server/domain/rate_limiter.h"

namespace mercato::identity_test {

class FakeClock final : public domain::Clock {
 public:
  FakeClock() : now_(std::chrono::system_clock::now()) {}
  std::chrono::system_clock::time_point Now() override {
    std::lock_guard lock(mutex_);
    return now_;
  }
  void Advance(std::chrono::system_clock::duration by) {
    std::lock_guard lock(mutex_);
    now_ += by;
  }

 private:
  std::mutex mutex_;
  std::chrono::system_clock::time_point now_;
};

// A token bucket per key, refilled by the fake clock.
class TestRateLimiter final : public domain::RateLimiter {
 public:
  explicit TestRateLimiter(domain::Clock& clock) : clock_(clock) {}
  domain::RateDecision Acquire(std::string const& key, domain::RateLimit const& limit) override;
  std::set<std::string> keys() {
    std::lock_guard lock(mutex_);
    std::set<std::string> keys;
    for (auto const& [key, bucket] : buckets_) keys.insert(key);
    return keys;
  }

 private:
  struct Bucket {
    std::chrono::system_clock::duration credit;  // time worth of requests available, up to burst * interval
    std::chrono::system_clock::time_point updated;
  };
  domain::Clock& clock_;
  std::mutex mutex_;
  std::map<std::string, Bucket> buckets_;
};

// Who may call a method in the test table.
struct Audience {
  bool anonymous = false;          // anyone, signed in or not
  std::vector<domain::Role> roles;  // else: a principal holding one of these
};

// The UserService table these tests assume; the production table must agree with it.
std::map<std::string, Audience> UserServiceTable();

class TestGateway final : public api::Gateway {
 public:
  TestGateway(domain::Authenticator& authenticator, std::map<std::string, Audience> table)
      : authenticator_(authenticator), table_(std::move(table)) {}
  domain::Result<domain::Principal> Admit(grpc::ServerContextBase& context, std::string_view method) override;
  std::string CallerKey(grpc::ServerContextBase const& context, domain::Principal const& principal) override {
    return principal.anonymous() ? "ip:" + context.peer() : "user:" + principal.user_id;
  }
  void Record(std::string_view, grpc::StatusCode, std::chrono::steady_clock::duration) override {}

 private:
  domain::Authenticator& authenticator_;
  std::map<std::string, Audience> table_;
};

}  // namespace mercato::identity_test
