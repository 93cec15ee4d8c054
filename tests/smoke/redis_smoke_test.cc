// Redis through hiredis: SET with a TTL, GET it back, and the TTL is really set.
#include <gtest/gtest.h>
#include <hiredis/hiredis.h>

#include <memory>
#include <string>

#include "tests/support/test_env.h"

namespace {

using Context = std::unique_ptr<redisContext, decltype(&redisFree)>;
using Reply = std::unique_ptr<redisReply, decltype(&freeReplyObject)>;

Reply Command(redisContext* ctx, char const* format, auto const&... args) {
  return Reply(static_cast<redisReply*>(redisCommand(ctx, format, args...)), &freeReplyObject);
}

TEST(RedisSmoke, SetWithTtlThenGet) {
  std::string const address = mercato::testing::RequiredEnv("MERCATO_TEST_REDIS");
  auto const colon = address.rfind(':');
  ASSERT_NE(colon, std::string::npos) << "MERCATO_TEST_REDIS must be host:port";
  Context ctx(redisConnect(address.substr(0, colon).c_str(), std::stoi(address.substr(colon + 1))),
              &redisFree);
  ASSERT_TRUE(ctx && ctx->err == 0) << (ctx ? ctx->errstr : "out of memory");

  std::string const key = mercato::testing::UniqueName("smoke");
  auto set = Command(ctx.get(), "SET %s %s EX %d", key.c_str(), "oat milk", 300);
  ASSERT_TRUE(set);
  ASSERT_EQ(set->type, REDIS_REPLY_STATUS);
  EXPECT_STREQ(set->str, "OK");

  auto get = Command(ctx.get(), "GET %s", key.c_str());
  ASSERT_TRUE(get);
  ASSERT_EQ(get->type, REDIS_REPLY_STRING);
  EXPECT_EQ(std::string(get->str, get->len), "oat milk");

  auto ttl = Command(ctx.get(), "TTL %s", key.c_str());
  ASSERT_TRUE(ttl);
  ASSERT_EQ(ttl->type, REDIS_REPLY_INTEGER);
  EXPECT_GT(ttl->integer, 0);
  EXPECT_LE(ttl->integer, 300);
}

}  // namespace
