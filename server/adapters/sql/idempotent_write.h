// Makes a store's write idempotent inside the write's own transaction: the first request with a
// key claims it and saves its response; a replay gets that response back and changes nothing; the
// same key with other parameters is IDEMPOTENCY_KEY_REUSED. Responses are kept as saved_response.h says.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "server/adapters/sql/saved_response.h"
#include "server/adapters/sql/sql_database.h"
#include "server/domain/idempotency.h"

namespace mercato::adapters {

// What claiming one key found: nullopt, the key is new (go on with the change); a string, the
// response the first request with this key saved (replay it); or an error for this request only
// (IDEMPOTENCY_KEY_REUSED).
using Claim = domain::Result<std::optional<std::string>>;

// Claims every requested key with one INSERT (keys not requested come back new); one Claim per
// key, in order. Fails as a whole only when the database does.
domain::Result<std::vector<Claim>> ClaimIdempotencyKeys(SqlSession& session,
                                                        std::vector<domain::IdempotencyKey const*> const& keys,
                                                        std::int64_t now_us);

// ClaimIdempotencyKeys in two halves, for a caller that sends the claim in one pipeline with
// other statements: the INSERT (none when no key is requested), then the claims its rows make.
std::optional<SqlStatement> ClaimKeysStatement(std::vector<domain::IdempotencyKey const*> const& keys,
                                               std::int64_t now_us);
domain::Result<std::vector<Claim>> ClaimsFrom(SqlSession& session,
                                              std::vector<domain::IdempotencyKey const*> const& keys,
                                              SqlRows const& claimed);

// A key and the response to save for it (EncodeSavedResponse).
using SavedResponse = std::pair<domain::IdempotencyKey const*, std::string>;
domain::Status SaveIdempotentResponses(SqlSession& session, std::vector<SavedResponse> const& responses);
// That statement, for a pipeline (SqlSession::ExecAll); nullopt when no key was requested.
std::optional<SqlStatement> SaveResponsesStatement(std::vector<SavedResponse> const& responses);

// Claims `key` (a no-op when none was requested). nullopt: the key is new to this transaction's
// caller, go on with the change. A string: the response saved by the first request with this key.
domain::Result<std::optional<std::string>> ClaimIdempotencyKey(SqlSession& session,
                                                               domain::IdempotencyKey const& key,
                                                               std::int64_t now_us);
domain::Status SaveIdempotentResponse(SqlSession& session, domain::IdempotencyKey const& key,
                                      std::string const& saved_response);
// Gives back keys claimed in this transaction by requests that then failed, while the
// transaction goes on with other requests: a retry of a failed one then starts afresh, as it
// would after a rollback.
domain::Status ReleaseIdempotencyKeys(SqlSession& session, std::vector<domain::IdempotencyKey const*> const& keys);
// That statement, for a pipeline; nullopt when no key was requested.
std::optional<SqlStatement> ReleaseKeysStatement(std::vector<domain::IdempotencyKey const*> const& keys);

// Claim, then `change()` -> Result<Response>, then save its response; or replay the saved one.
template <typename Response, typename Change>
domain::Result<Response> IdempotentWrite(SqlSession& session, domain::IdempotencyKey const& key,
                                         std::int64_t now_us, Change&& change) {
  auto claim = ClaimIdempotencyKey(session, key, now_us);
  if (!claim) return claim.error();
  if (*claim) return ParseSavedResponse<Response>(**claim);
  domain::Result<Response> result = std::forward<Change>(change)();
  if (!result || !key.requested()) return result;
  if (auto saved = SaveIdempotentResponse(session, key, EncodeSavedResponse(*result)); !saved) return saved.error();
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
