// The SessionStore adapters against one contract: the in-process store and the Redis store (with
// MERCATO_TEST_REDIS and a key prefix of its own) find, expire and revoke sessions the same way.
#include <gtest/gtest.h>

#include <memory>

#include "server/adapters/local/in_process_session_store.h"
#include "server/adapters/redis/redis_session_store.h"
#include "tests/server/identity/identity_test_doubles.h"
#include "tests/support/test_env.h"

namespace mercato::identity_test {
namespace {

using std::chrono::hours;
using std::chrono::seconds;

enum class Store { kInProcess, kRedis };

class SessionStoreTest : public ::testing::TestWithParam<Store> {
 protected:
  void SetUp() override {
    if (GetParam() == Store::kInProcess) {
      store_ = std::make_unique<adapters::InProcessSessionStore>(clock_);
      return;
    }
    auto const address = testing::RequiredEnv("MERCATO_TEST_REDIS");
    ASSERT_FALSE(address.empty());
    redis_ = std::make_unique<adapters::RedisClient>(address, 2, std::chrono::milliseconds(1000));
    prefix_ = testing::UniqueName("session-store-test") + ":";
    store_ = std::make_unique<adapters::RedisSessionStore>(*redis_, prefix_, clock_);
  }
  void TearDown() override {
    if (!redis_) return;
    auto keys = redis_->Command({"KEYS", prefix_ + "*"});
    if (keys) {
      for (auto const& key : keys->elements) redis_->Command({"DEL", key.text});
    }
  }

  domain::Session NewSession(std::string digest, std::string user,
                             std::chrono::system_clock::duration ttl = hours(24)) {
    auto const now = clock_.Now();
    return {std::move(digest), std::move(user), {domain::Role::kCustomer, domain::Role::kStaff}, now, now + ttl};
  }
  bool Live(std::string const& digest) {
    auto found = store_->Find(digest);
    EXPECT_TRUE(found.ok());
    return found.ok() && found->has_value();
  }

  FakeClock clock_;
  std::unique_ptr<adapters::RedisClient> redis_;
  std::string prefix_;
  std::unique_ptr<domain::SessionStore> store_;
};

TEST_P(SessionStoreTest, FindsWhatItCreatedWithItsRolesAndTimes) {
  auto const session = NewSession("digest-a", "user-1");
  ASSERT_TRUE(store_->Create(session).ok());
  auto found = store_->Find("digest-a");
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->user_id, "user-1");
  EXPECT_EQ((*found)->roles, session.roles);
  EXPECT_EQ(std::chrono::time_point_cast<std::chrono::milliseconds>((*found)->expires_at),
            std::chrono::time_point_cast<std::chrono::milliseconds>(session.expires_at));
  EXPECT_FALSE(Live("digest-unknown"));
}

TEST_P(SessionStoreTest, ExpiresByTheClock) {
  ASSERT_TRUE(store_->Create(NewSession("digest-a", "user-1", seconds(60))).ok());
  clock_.Advance(seconds(59));
  EXPECT_TRUE(Live("digest-a"));
  clock_.Advance(seconds(1));
  EXPECT_FALSE(Live("digest-a"));
}

TEST_P(SessionStoreTest, RevokesOneSessionOnlyForItsOwner) {
  ASSERT_TRUE(store_->Create(NewSession("digest-a", "user-1")).ok());
  ASSERT_TRUE(store_->Create(NewSession("digest-b", "user-1")).ok());
  ASSERT_TRUE(store_->Revoke("user-2", "digest-a").ok());
  EXPECT_TRUE(Live("digest-a"));
  ASSERT_TRUE(store_->Revoke("user-1", "digest-a").ok());
  EXPECT_FALSE(Live("digest-a"));
  EXPECT_TRUE(Live("digest-b"));
  EXPECT_TRUE(store_->Revoke("user-1", "digest-a").ok());  // again: harmless
}

TEST_P(SessionStoreTest, RevokesAllOfAUsersSessionsButTheOneKept) {
  for (auto const* digest : {"digest-a", "digest-b", "digest-c"}) {
    ASSERT_TRUE(store_->Create(NewSession(digest, "user-1")).ok());
  }
  ASSERT_TRUE(store_->Create(NewSession("digest-z", "user-2")).ok());
  ASSERT_TRUE(store_->RevokeAll("user-1", std::string("digest-b")).ok());
  EXPECT_FALSE(Live("digest-a"));
  EXPECT_TRUE(Live("digest-b"));
  EXPECT_FALSE(Live("digest-c"));
  EXPECT_TRUE(Live("digest-z"));
  ASSERT_TRUE(store_->RevokeAll("user-1", std::nullopt).ok());
  EXPECT_FALSE(Live("digest-b"));
  EXPECT_TRUE(Live("digest-z"));
}

std::string StoreName(::testing::TestParamInfo<Store> const& param) {
  return param.param == Store::kInProcess ? "InProcess" : "Redis";
}

INSTANTIATE_TEST_SUITE_P(Stores, SessionStoreTest, ::testing::Values(Store::kInProcess, Store::kRedis), StoreName);

}  // namespace
}  // namespace mercato::identity_test
