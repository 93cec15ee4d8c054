// The LeaseLock adapters against one contract: the in-process lock and the Redis lock (with
// MERCATO_TEST_REDIS and a key prefix of its own) grant a name to one holder at a time, hand out
// growing fencing tokens (still growing after the lock forgot them), let go early only for the
// grant that holds, and free the name when the lease runs out.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <thread>

#include "server/adapters/local/in_process_lease_lock.h"
#include "server/adapters/redis/redis_lease_lock.h"
#include "tests/server/identity/identity_test_doubles.h"
#include "tests/support/test_env.h"

namespace mercato::identity_test {
namespace {

using std::chrono::milliseconds;

enum class Lock { kInProcess, kRedis };

class LeaseLockTest : public ::testing::TestWithParam<Lock> {
 protected:
  void SetUp() override {
    if (GetParam() == Lock::kInProcess) {
      lock_ = std::make_unique<adapters::InProcessLeaseLock>(clock_);
      return;
    }
    auto const address = testing::RequiredEnv("MERCATO_TEST_REDIS");
    ASSERT_FALSE(address.empty());
    redis_ = std::make_unique<adapters::RedisClient>(address, 2, milliseconds(1000));
    prefix_ = testing::UniqueName("lease-lock-test") + ":";
    lock_ = std::make_unique<adapters::RedisLeaseLock>(*redis_, prefix_, clock_);
  }
  void TearDown() override {
    if (!redis_) return;
    auto keys = redis_->Command({"KEYS", prefix_ + "*"});
    if (keys) {
      for (auto const& key : keys->elements) redis_->Command({"DEL", key.text});
    }
  }
  // A lock that forgot every token it granted: a restarted process, or a Redis that lost its data.
  void Forget() {
    if (redis_) {
      TearDown();
      lock_ = std::make_unique<adapters::RedisLeaseLock>(*redis_, prefix_, clock_);
    } else {
      lock_ = std::make_unique<adapters::InProcessLeaseLock>(clock_);
    }
  }
  // Lets a lease run out: the fake clock for the in-process lock, real time for Redis's PX.
  void Expire(milliseconds lease) {
    if (redis_) {
      std::this_thread::sleep_for(lease + milliseconds(50));
    } else {
      clock_.Advance(lease + milliseconds(1));
    }
  }

  FakeClock clock_;
  std::unique_ptr<adapters::RedisClient> redis_;
  std::string prefix_;
  std::unique_ptr<domain::LeaseLock> lock_;
};

TEST_P(LeaseLockTest, OneHolderAtATimeWithGrowingFencingTokens) {
  auto first = lock_->TryAcquire("job", milliseconds(200));
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(first->has_value());
  auto second = lock_->TryAcquire("job", milliseconds(200));
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE(second->has_value()) << "held: nobody else gets it";
  auto other_name = lock_->TryAcquire("other-job", milliseconds(200));
  ASSERT_TRUE(other_name.ok());
  EXPECT_TRUE(other_name->has_value()) << "names are independent";

  lock_->Release(**first);
  auto third = lock_->TryAcquire("job", milliseconds(200));
  ASSERT_TRUE(third.ok());
  ASSERT_TRUE(third->has_value()) << "released early, free at once";
  EXPECT_GT((*third)->fencing_token, (*first)->fencing_token);
}

TEST_P(LeaseLockTest, AnExpiredLeaseGoesToTheNextHolderAndTheOldOneCannotReleaseIt) {
  auto stalled = lock_->TryAcquire("job", milliseconds(100));
  ASSERT_TRUE(stalled.ok() && stalled->has_value());
  Expire(milliseconds(100));
  auto next = lock_->TryAcquire("job", milliseconds(5000));
  ASSERT_TRUE(next.ok() && next->has_value()) << "the stalled holder's lease ran out";
  EXPECT_GT((*next)->fencing_token, (*stalled)->fencing_token) << "a store can tell the stalled holder's writes";
  lock_->Release(**stalled);  // wakes up late and lets go of what it no longer holds
  auto meanwhile = lock_->TryAcquire("job", milliseconds(5000));
  ASSERT_TRUE(meanwhile.ok());
  EXPECT_FALSE(meanwhile->has_value()) << "the late release must not free the next holder's lease";
}

TEST_P(LeaseLockTest, TokensStillGrowAfterTheLockForgotThem) {
  std::int64_t last = 0;
  for (int grant = 0; grant < 3; ++grant) {
    auto lease = lock_->TryAcquire("job", milliseconds(200));
    ASSERT_TRUE(lease.ok() && lease->has_value());
    EXPECT_GT((*lease)->fencing_token, last);
    last = (*lease)->fencing_token;
    lock_->Release(**lease);
  }
  clock_.Advance(milliseconds(1));
  Forget();
  auto after = lock_->TryAcquire("job", milliseconds(200));
  ASSERT_TRUE(after.ok() && after->has_value());
  EXPECT_GT((*after)->fencing_token, last) << "a store that kept the old tokens would refuse every write";
  lock_->Release(**after);

  // Tokens granted before a restart with the clock set back an hour: a store that took them tells
  // the lock, whose next grants go above them.
  auto const ahead = (*after)->fencing_token + 3'600'000'000LL;
  lock_->RaiseTokens("job", ahead);
  auto raised = lock_->TryAcquire("job", milliseconds(200));
  ASSERT_TRUE(raised.ok() && raised->has_value());
  EXPECT_GT((*raised)->fencing_token, ahead);
}

INSTANTIATE_TEST_SUITE_P(Locks, LeaseLockTest, ::testing::Values(Lock::kInProcess, Lock::kRedis),
                         [](auto const& test) { return test.param == Lock::kInProcess ? "InProcess" : "Redis"; });

}  // namespace
}  // namespace mercato::identity_test
