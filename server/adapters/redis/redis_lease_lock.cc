#include "server/adapters/redis/redis_lease_lock.h"

#include <sodium.h>

namespace mercato::adapters {
namespace {

// KEYS: lock, fence. ARGV: owner, lease ms, the caller's clock in µs (the token's floor; below
// 2^53, so exact as a Lua number). Returns the fencing token, or 0 when the lock is held.
constexpr char kAcquireScript[] = R"lua(
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  local token = redis.call('INCR', KEYS[2])
  if token < tonumber(ARGV[3]) then
    redis.call('SET', KEYS[2], ARGV[3])
    token = tonumber(ARGV[3])
  end
  return token
end
return 0
)lua";

// KEYS: lock. ARGV: owner. Deletes the lock only while this grant holds it.
constexpr char kReleaseScript[] = R"lua(
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
)lua";

// KEYS: fence. ARGV: token. Raises the counter to the token, never lowers it.
constexpr char kRaiseScript[] = R"lua(
if (tonumber(redis.call('GET', KEYS[1])) or 0) < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], ARGV[1]) end
return 0
)lua";

std::string RandomOwner() {
  unsigned char bytes[16];
  randombytes_buf(bytes, sizeof bytes);
  char hex[sizeof bytes * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
  return hex;
}

}  // namespace

domain::Result<std::optional<domain::Lease>> RedisLeaseLock::TryAcquire(std::string const& name,
                                                                        std::chrono::milliseconds lease) {
  auto const key = prefix_ + "lock:" + name;
  auto owner = RandomOwner();
  auto reply = redis_.Command({"EVAL", kAcquireScript, "2", key, key + ":fence", owner, std::to_string(lease.count()),
                               std::to_string(clock_.NowMicros())});
  if (!reply || reply->type != RedisReply::Type::kInteger) {
    return domain::Unavailable("lock '" + name + "': Redis at " + redis_.address() + " does not answer");
  }
  if (reply->integer == 0) return std::optional<domain::Lease>();
  return std::optional<domain::Lease>(domain::Lease{name, std::move(owner), reply->integer});
}

void RedisLeaseLock::Release(domain::Lease const& lease) {
  // Best effort: an unanswered release only keeps the lock until its lease runs out.
  redis_.Command({"EVAL", kReleaseScript, "1", prefix_ + "lock:" + lease.name, lease.owner});
}

void RedisLeaseLock::RaiseTokens(std::string const& name, std::int64_t token) {
  redis_.Command({"EVAL", kRaiseScript, "1", prefix_ + "lock:" + name + ":fence", std::to_string(token)});
}

}  // namespace mercato::adapters
