// SessionToken: the bearer token a Client's calls carry, shared by every copy of the Client and
// every connection it built; Client::Login sets it, Client::Logout clears it. Thread-safe.
#pragma once

#include <mutex>
#include <string>
#include <utility>

namespace mercato::internal {

class SessionToken {
 public:
  explicit SessionToken(std::string initial = {}) : token_(std::move(initial)) {}

  std::string Get() const {
    std::lock_guard<std::mutex> lock(mu_);
    return token_;
  }
  void Set(std::string token) {
    std::lock_guard<std::mutex> lock(mu_);
    token_ = std::move(token);
  }

 private:
  mutable std::mutex mu_;
  std::string token_;  // guarded by mu_
};

}  // namespace mercato::internal
