// The LeaseLock port on Redis, shared by every instance: SET NX PX takes the lock and INCR on a
// companion key hands out the fencing token (raised to the caller's clock in µs when below it), in
// one script so that a failed take spends no token.
#pragma once

#include <string>

#include "server/adapters/redis/redis_client.h"
#include "server/domain/clock.h"
#include "server/domain/lease_lock.h"

namespace mercato::adapters {

class RedisLeaseLock final : public domain::LeaseLock {
 public:
  // Keys are `prefix` + "lock:" + name (and + ":fence"); `clock` gives the tokens' floor.
  RedisLeaseLock(RedisClient& redis, std::string prefix, domain::Clock& clock)
      : redis_(redis), prefix_(std::move(prefix)), clock_(clock) {}

  domain::Result<std::optional<domain::Lease>> TryAcquire(std::string const& name,
                                                          std::chrono::milliseconds lease) override;
  void Release(domain::Lease const& lease) override;
  void RaiseTokens(std::string const& name, std::int64_t token) override;

 private:
  RedisClient& redis_;
  std::string prefix_;
  domain::Clock& clock_;
};

}  // namespace mercato::adapters
