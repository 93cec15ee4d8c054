// UserConnectionImpl over MockUserServiceStub: Login keeps one request_id across retries on
// UNAVAILABLE, is not retried on UNAUTHENTICATED, and every call carries the SessionToken's value
// at the time of the call.
#include <gmock/gmock.h>
#include <grpcpp/test/client_context_test_peer.h>
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "mercato/v1/users_mock.grpc.pb.h"
#include "sdk/src/session_token.h"
#include "sdk/src/user_connection_impl.h"

namespace mercato {
namespace {

using ::testing::_;
using ::testing::Invoke;

class UserConnectionTest : public ::testing::Test {
 protected:
  Options TestOptions() {
    Options options;
    options.sleeper = [this](std::chrono::milliseconds d) { sleeps_.push_back(d); };
    return options;
  }

  static std::string AuthorizationOf(grpc::ClientContext* context) {
    auto const sent = grpc::testing::ClientContextTestPeer(context).GetSendInitialMetadata();
    auto const auth = sent.find("authorization");
    return auth == sent.end() ? "" : auth->second;
  }

  std::shared_ptr<v1::MockUserServiceStub> stub_ = std::make_shared<v1::MockUserServiceStub>();
  std::shared_ptr<internal::SessionToken> token_ = std::make_shared<internal::SessionToken>();
  std::vector<std::chrono::milliseconds> sleeps_;
  internal::UserConnectionImpl connection_{stub_, TestOptions(), token_};
};

v1::LoginRequest Credentials() {
  v1::LoginRequest request;
  request.set_email("ops@mercato.example");
  request.set_password("pw");
  return request;
}

TEST_F(UserConnectionTest, LoginIsRetriedOnUnavailableWithOneRequestId) {
  std::vector<std::string> keys;
  EXPECT_CALL(*stub_, Login(_, _, _))
      .Times(2)
      .WillRepeatedly(Invoke([&](grpc::ClientContext*, v1::LoginRequest const& request, v1::LoginResponse* response) {
        keys.push_back(request.request_id());
        if (keys.size() == 1) return grpc::Status(grpc::StatusCode::UNAVAILABLE, "try again");
        response->set_session_token("tok");
        return grpc::Status::OK;
      }));
  auto response = connection_.Login(Credentials(), {});
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->session_token(), "tok");
  ASSERT_EQ(keys.size(), 2U);
  EXPECT_FALSE(keys[0].empty());
  EXPECT_EQ(keys[0], keys[1]);
  EXPECT_EQ(sleeps_.size(), 1U);
}

TEST_F(UserConnectionTest, LoginIsNotRetriedOnUnauthenticated) {
  EXPECT_CALL(*stub_, Login(_, _, _)).Times(1).WillOnce(Invoke([](auto*, auto const&, auto*) {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "wrong credentials");
  }));
  auto response = connection_.Login(Credentials(), {});
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), StatusCode::kUnauthenticated);
  EXPECT_TRUE(sleeps_.empty());
}

TEST_F(UserConnectionTest, EveryCallCarriesTheCurrentSessionToken) {
  std::vector<std::string> seen;
  EXPECT_CALL(*stub_, GetMe(_, _, _))
      .Times(2)
      .WillRepeatedly(Invoke([&](grpc::ClientContext* context, v1::GetMeRequest const&, v1::GetMeResponse* response) {
        seen.push_back(AuthorizationOf(context));
        response->mutable_user()->set_email("ops@mercato.example");
        return grpc::Status::OK;
      }));
  ASSERT_TRUE(connection_.GetMe(v1::GetMeRequest{}, {}).ok());
  token_->Set("session-1");
  auto me = connection_.GetMe(v1::GetMeRequest{}, {});
  ASSERT_TRUE(me.ok()) << me.status();
  EXPECT_EQ(me->email(), "ops@mercato.example");
  EXPECT_EQ(seen, (std::vector<std::string>{"", "Bearer session-1"}));
}

}  // namespace
}  // namespace mercato
