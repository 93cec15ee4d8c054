// Makes a store's write idempotent inside the write's own transaction: the first request with a
// key claims it and saves its response; a replay gets that response back and changes nothing; the
// same key with other parameters is IDEMPOTENCY_KEY_REUSED. Responses are kept as protobuf JSON.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "server/adapters/sql/proto_json.h"
#include "server/adapters/sql/sql_database.h"
#include "server/domain/idempotency.h"

namespace mercato::adapters {

// Claims `key` (a no-op when none was requested). nullopt: the key is new to this transaction's
// caller, go on with the change. A string: the response saved by the first request with this key.
domain::Result<std::optional<std::string>> ClaimIdempotencyKey(SqlSession& session,
                                                               domain::IdempotencyKey const& key,
                                                               std::int64_t now_us);
domain::Status SaveIdempotentResponse(SqlSession& session, domain::IdempotencyKey const& key,
                                      std::string const& response_json);
// Gives back a key claimed in this transaction by a request that then failed, while the
// transaction goes on with other requests: a retry of the failed one then starts afresh, as it
// would after a rollback.
domain::Status ReleaseIdempotencyKey(SqlSession& session, domain::IdempotencyKey const& key);

// Claim, then `change()` -> Result<Response>, then save its response; or replay the saved one.
template <typename Response, typename Change>
domain::Result<Response> IdempotentWrite(SqlSession& session, domain::IdempotencyKey const& key,
                                         std::int64_t now_us, Change&& change) {
  auto claim = ClaimIdempotencyKey(session, key, now_us);
  if (!claim) return claim.error();
  if (*claim) return ParseJson<Response>(**claim);
  domain::Result<Response> result = std::forward<Change>(change)();
  if (!result || !key.requested()) return result;
  auto json = ToJson(*result);
  if (!json) return json.error();
  if (auto saved = SaveIdempotentResponse(session, key, *json); !saved) return saved.error();
  return result;
}

class SqlIdempotencyKeyStore final : public domain::IdempotencyKeyStore {
 public:
  explicit SqlIdempotencyKeyStore(SqlDatabase& db) : db_(db) {}
  domain::Result<int> PruneClaimedBefore(std::int64_t cutoff_us, int limit) override;

 private:
  SqlDatabase& db_;
};

}  // namespace mercato::adapters
