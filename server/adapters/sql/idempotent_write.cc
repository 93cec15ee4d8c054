// The idempotency_keys table: claim with INSERT ... ON CONFLICT DO NOTHING, then compare.
#include "server/adapters/sql/idempotent_write.h"

namespace mercato::adapters {

domain::Result<std::optional<std::string>> ClaimIdempotencyKey(SqlSession& session,
                                                               domain::IdempotencyKey const& key,
                                                               std::int64_t now_us) {
  if (!key.requested()) return std::optional<std::string>();
  // A concurrent first request holding the same key makes this INSERT wait for its commit, so the
  // SELECT below then sees its saved response.
  auto claimed = session.Exec(
      "INSERT INTO idempotency_keys (operation, key, fingerprint, response, created_at_us) "
      "VALUES ($1, $2, $3, NULL, CAST($4 AS BIGINT)) ON CONFLICT (operation, key) DO NOTHING",
      {key.operation, key.key, key.fingerprint, std::to_string(now_us)});
  if (!claimed) return claimed.error();
  if (claimed->affected == 1) return std::optional<std::string>();

  auto stored = session.Exec("SELECT fingerprint, response FROM idempotency_keys WHERE operation = $1 AND key = $2",
                             {key.operation, key.key});
  if (!stored) return stored.error();
  if (stored->empty()) return domain::Internal("idempotency key '" + key.key + "' vanished while claimed");
  auto fingerprint = GetText(*stored, 0, "fingerprint");
  if (!fingerprint) return fingerprint.error();
  if (*fingerprint != key.fingerprint) return domain::IdempotencyKeyReused(key);
  auto response = GetText(*stored, 0, "response");
  if (!response) return response.error();
  return std::optional<std::string>(std::move(response).value());
}

domain::Status SaveIdempotentResponse(SqlSession& session, domain::IdempotencyKey const& key,
                                      std::string const& response_json) {
  auto saved = session.Exec("UPDATE idempotency_keys SET response = $3 WHERE operation = $1 AND key = $2",
                            {key.operation, key.key, response_json});
  if (!saved) return saved.error();
  return domain::Ok();
}

domain::Status ReleaseIdempotencyKey(SqlSession& session, domain::IdempotencyKey const& key) {
  if (!key.requested()) return domain::Ok();
  auto released = session.Exec("DELETE FROM idempotency_keys WHERE operation = $1 AND key = $2 AND response IS NULL",
                               {key.operation, key.key});
  if (!released) return released.error();
  return domain::Ok();
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
