// The LeaseLock port in process, for the embedded server: one instance per data directory, so a
// mutex-guarded table is the whole truth.
#pragma once

#include <map>
#include <mutex>

#include "server/domain/clock.h"
#include "server/domain/lease_lock.h"

namespace mercato::adapters {

class InProcessLeaseLock final : public domain::LeaseLock {
 public:
  explicit InProcessLeaseLock(domain::Clock& clock) : clock_(clock) {}

  domain::Result<std::optional<domain::Lease>> TryAcquire(std::string const& name,
                                                          std::chrono::milliseconds lease) override;
  void Release(domain::Lease const& lease) override;
  void RaiseTokens(std::string const& name, std::int64_t token) override;

 private:
  struct Held {
    std::string owner;
    std::int64_t expires_us = 0;
  };
  domain::Clock& clock_;
  std::mutex mutex_;
  std::map<std::string, Held> held_;
  std::map<std::string, std::int64_t> tokens_;
  std::int64_t grants_ = 0;
};

}  // namespace mercato::adapters
