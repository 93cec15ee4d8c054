// The idempotency_keys table: claim with INSERT ... ON CONFLICT DO NOTHING, then compare.
#include "server/adapters/sql/idempotent_write.h"

#include <set>
#include <utility>

namespace mercato::adapters {

namespace {

// What the stored row of a key that was already claimed says about this request.
domain::Result<Claim> StoredClaim(SqlSession& session, domain::IdempotencyKey const& key) {
  auto stored = session.Exec("SELECT fingerprint, response FROM idempotency_keys WHERE operation = $1 AND key = $2",
                             {key.operation, key.key});
  if (!stored) return stored.error();
  if (stored->empty()) return domain::Internal("idempotency key '" + key.key + "' vanished while claimed");
  auto fingerprint = GetText(*stored, 0, "fingerprint");
  if (!fingerprint) return fingerprint.error();
  if (*fingerprint != key.fingerprint) return Claim(domain::IdempotencyKeyReused(key));
  auto response = GetText(*stored, 0, "response");
  if (!response) return response.error();
  return Claim(std::optional<std::string>(std::move(response).value()));
}

domain::Status ExecIfAny(SqlSession& session, std::optional<SqlStatement> const& statement) {
  if (!statement) return domain::Ok();
  if (auto done = session.Exec(*statement); !done) return done.error();
  return domain::Ok();
}

}  // namespace

std::optional<SqlStatement> ClaimKeysStatement(std::vector<domain::IdempotencyKey const*> const& keys,
                                               std::int64_t now_us) {
  SqlParamList params;
  std::string values;
  for (auto const* key : keys) {
    if (!key->requested()) continue;
    if (!values.empty()) values += ", ";
    values += "(" + params.Add(key->operation) + ", " + params.Add(key->key) + ", " + params.Add(key->fingerprint) +
              ", NULL, " + params.AddInt(now_us) + ")";
  }
  if (values.empty()) return std::nullopt;
  // A concurrent first request holding one of the keys makes this INSERT wait for its commit, so
  // StoredClaim then sees its saved response.
  return SqlStatement{"INSERT INTO idempotency_keys (operation, key, fingerprint, response, created_at_us) VALUES " +
                          values + " ON CONFLICT (operation, key) DO NOTHING RETURNING operation, key",
                      params.params()};
}

domain::Result<std::vector<Claim>> ClaimsFrom(SqlSession& session,
                                              std::vector<domain::IdempotencyKey const*> const& keys,
                                              SqlRows const& claimed) {
  std::vector<Claim> claims(keys.size(), Claim(std::optional<std::string>()));
  std::set<std::pair<std::string, std::string>> fresh;
  for (auto const& row : claimed.rows) fresh.emplace(row.at(0).value_or(""), row.at(1).value_or(""));
  for (std::size_t i = 0; i < keys.size(); ++i) {
    auto const& key = *keys[i];
    if (!key.requested() || fresh.contains({key.operation, key.key})) continue;
    auto stored = StoredClaim(session, key);
    if (!stored) return stored.error();
    claims[i] = *std::move(stored);
  }
  return claims;
}

domain::Result<std::vector<Claim>> ClaimIdempotencyKeys(SqlSession& session,
                                                        std::vector<domain::IdempotencyKey const*> const& keys,
                                                        std::int64_t now_us) {
  auto statement = ClaimKeysStatement(keys, now_us);
  if (!statement) return std::vector<Claim>(keys.size(), Claim(std::optional<std::string>()));
  auto claimed = session.Exec(*statement);
  if (!claimed) return claimed.error();
  return ClaimsFrom(session, keys, *claimed);
}

domain::Result<std::optional<std::string>> ClaimIdempotencyKey(SqlSession& session,
                                                               domain::IdempotencyKey const& key,
                                                               std::int64_t now_us) {
  auto claims = ClaimIdempotencyKeys(session, {&key}, now_us);
  if (!claims) return claims.error();
  return std::move(claims->front());
}

std::optional<SqlStatement> SaveResponsesStatement(std::vector<SavedResponse> const& responses) {
  SqlParamList params;
  std::string values;
  for (auto const& [key, saved] : responses) {
    if (!key->requested()) continue;
    if (!values.empty()) values += ", ";
    values += "(" + params.Add(key->operation) + ", " + params.Add(key->key) + ", " + params.Add(saved) + ")";
  }
  if (values.empty()) return std::nullopt;
  // VALUES columns are column1, column2, ... in both engines.
  return SqlStatement{"UPDATE idempotency_keys SET response = v.column3 FROM (VALUES " + values +
                          ") AS v WHERE idempotency_keys.operation = v.column1 AND idempotency_keys.key = v.column2",
                      params.params()};
}

domain::Status SaveIdempotentResponses(SqlSession& session, std::vector<SavedResponse> const& responses) {
  return ExecIfAny(session, SaveResponsesStatement(responses));
}

domain::Status SaveIdempotentResponse(SqlSession& session, domain::IdempotencyKey const& key,
                                      std::string const& saved_response) {
  return SaveIdempotentResponses(session, {{&key, saved_response}});
}

std::optional<SqlStatement> ReleaseKeysStatement(std::vector<domain::IdempotencyKey const*> const& keys) {
  SqlParamList params;
  std::string matches;
  for (auto const* key : keys) {
    if (!key->requested()) continue;
    if (!matches.empty()) matches += " OR ";
    matches += "(operation = " + params.Add(key->operation) + " AND key = " + params.Add(key->key) + ")";
  }
  if (matches.empty()) return std::nullopt;
  return SqlStatement{"DELETE FROM idempotency_keys WHERE response IS NULL AND (" + matches + ")", params.params()};
}

domain::Status ReleaseIdempotencyKeys(SqlSession& session, std::vector<domain::IdempotencyKey const*> const& keys) {
  return ExecIfAny(session, ReleaseKeysStatement(keys));
}

domain::Result<int> SqlIdempotencyKeyStore::PruneClaimedBefore(std::int64_t cutoff_us, int limit) {
  return InTransaction(db_, [&](SqlSession& session) -> domain::Result<int> {
    SqlParamList params;
    auto const cutoff = params.AddInt(cutoff_us);
    auto const batch = params.AddInt(limit);
    auto pruned = session.Exec("DELETE FROM idempotency_keys WHERE (operation, key) IN (SELECT operation, key FROM "
                               "idempotency_keys WHERE created_at_us < " + cutoff +
                                   " ORDER BY created_at_us LIMIT " + batch + ")",
                               params.params());
    if (!pruned) return pruned.error();
    return static_cast<int>(pruned->affected);
  });
}

}  // namespace mercato::adapters
