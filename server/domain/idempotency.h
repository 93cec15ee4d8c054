// What a store needs to make a mutation idempotent: the client's key, the operation it was sent
// to, and a fingerprint of the parameters, so that a replay returns the first result and a reused
// key with other parameters is refused.
#pragma once

#include <cstdint>
#include <string>

#include "server/domain/error.h"

namespace mercato::domain {

struct IdempotencyKey {
  std::string operation;    // e.g. "catalog.CreateProduct"
  std::string key;          // the client's request_id; empty: no idempotency asked for
  std::string fingerprint;  // hash of the request's parameters without the key

  bool requested() const { return !key.empty(); }
};

inline Error IdempotencyKeyReused(IdempotencyKey const& key) {
  return {ErrorKind::kAlreadyExists,
          "IDEMPOTENCY_KEY_REUSED",
          "request_id '" + key.key + "' was already used for a different " + key.operation +
              " request; send a new request_id for a new request",
          {{"request_id", key.key}}};
}

// Port: the stored keys, which are kept for a retention period (at least 24 h: longer than any
// client retries) and then pruned.
class IdempotencyKeyStore {
 public:
  virtual ~IdempotencyKeyStore() = default;
  // Deletes up to `limit` keys claimed before `cutoff_us`; returns how many it deleted.
  virtual Result<int> PruneClaimedBefore(std::int64_t cutoff_us, int limit) = 0;
};

}  // namespace mercato::domain
