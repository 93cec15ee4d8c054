// Idempotency keys on both engines: pruning removes only keys claimed before the cutoff, in
// batches, and a pruned key is new again.
#include "server/adapters/sql/idempotent_write.h"
#include "tests/server/sql/sql_store_test.h"

namespace mercato::sql_test {
namespace {

domain::Status Claim(adapters::SqlDatabase& db, std::string const& key, std::int64_t at_us) {
  return db.Transaction([&](adapters::SqlSession& session) -> domain::Status {
    auto claimed = adapters::ClaimIdempotencyKey(session, {"test.Op", key, "fingerprint"}, at_us);
    if (!claimed) return claimed.error();
    if (*claimed) return domain::Internal("key " + key + " was not new");
    return adapters::SaveIdempotentResponse(session, {"test.Op", key, "fingerprint"}, "{}");
  });
}

TEST_P(SqlStoreTest, PruningRemovesOnlyKeysClaimedBeforeTheCutoff) {
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(Claim(db(), "old-" + std::to_string(i), 1000 + i));
  ASSERT_TRUE(Claim(db(), "recent", 5000));
  adapters::SqlIdempotencyKeyStore keys(db());

  auto first = keys.PruneClaimedBefore(5000, 3);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(*first, 3);
  auto second = keys.PruneClaimedBefore(5000, 3);
  ASSERT_TRUE(second);
  EXPECT_EQ(*second, 2);
  EXPECT_EQ(*keys.PruneClaimedBefore(5000, 3), 0);
  EXPECT_EQ(CountRows("idempotency_keys"), 1);

  EXPECT_TRUE(Claim(db(), "old-0", 6000)) << "a pruned key is new again";
  EXPECT_FALSE(Claim(db(), "recent", 6000)) << "a kept key still replays";
}

}  // namespace
}  // namespace mercato::sql_test
