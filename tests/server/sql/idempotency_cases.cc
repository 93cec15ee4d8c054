// Idempotency keys on both engines: pruning removes only keys claimed before the cutoff, in
// batches, and a pruned key is new again; a saved response replays in either stored form.
#include "mercato/v1/delivery.pb.h"
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

// One IdempotentWrite of a slot with id `made` under key "k"; what it answers.
domain::Result<v1::Slot> WriteSlot(adapters::SqlDatabase& db, std::string const& made, bool& changed) {
  changed = false;
  return adapters::InTransaction(db, [&](adapters::SqlSession& session) {
    return adapters::IdempotentWrite<v1::Slot>(session, {"test.Op", "k", "fingerprint"}, 1000, [&] {
      changed = true;
      v1::Slot slot;
      slot.set_id(made);
      return domain::Result<v1::Slot>(slot);
    });
  });
}

std::string SavedText(adapters::SqlDatabase& db) {
  auto rows = adapters::InRead(db, [](adapters::SqlSession& session) {
    return session.Exec("SELECT response FROM idempotency_keys WHERE key = 'k'");
  });
  return rows && rows->rows.size() == 1 ? rows->rows[0][0].value_or("NULL") : "no row";
}

void SetSavedText(adapters::SqlDatabase& db, std::string const& text) {
  auto set = db.Transaction([&](adapters::SqlSession& session) -> domain::Status {
    auto updated = session.Exec("UPDATE idempotency_keys SET response = $1 WHERE key = 'k'", {text});
    if (!updated) return updated.error();
    return domain::Ok();
  });
  ASSERT_TRUE(set) << set.error().message;
}

TEST_P(SqlStoreTest, ASavedResponseReplaysFromProtobufBytesOrAnEarlierVersionsJson) {
  bool changed = false;
  auto first = WriteSlot(db(), "s-first", changed);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_TRUE(changed);
  v1::Slot saved;
  ASSERT_TRUE(adapters::DecodeSavedResponse(SavedText(db()), saved));
  EXPECT_EQ(saved.id(), "s-first");
  EXPECT_NE(SavedText(db()).front(), '{') << "kept as protobuf bytes, not JSON";

  auto replay = WriteSlot(db(), "s-second", changed);
  ASSERT_TRUE(replay) << replay.error().message;
  EXPECT_FALSE(changed);
  EXPECT_EQ(replay->id(), "s-first");

  SetSavedText(db(), R"({"id": "s-json", "capacity": 20})");
  auto from_json = WriteSlot(db(), "s-second", changed);
  ASSERT_TRUE(from_json) << from_json.error().message;
  EXPECT_FALSE(changed);
  EXPECT_EQ(from_json->id(), "s-json");
  EXPECT_EQ(from_json->capacity(), 20);

  SetSavedText(db(), "not base64 at all!");
  auto damaged = WriteSlot(db(), "s-second", changed);
  ASSERT_FALSE(damaged);
  EXPECT_FALSE(changed);
  EXPECT_EQ(damaged.error().kind, domain::ErrorKind::kInternal);
  EXPECT_NE(damaged.error().message.find("mercato.v1.Slot"), std::string::npos) << damaged.error().message;
}

}  // namespace
}  // namespace mercato::sql_test
