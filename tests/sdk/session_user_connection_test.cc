// SessionUserConnection over MockUserConnection: a login through the users connection (as
// client.users().Login and the bindings' users.login make it) sets the Client's session token and
// empties the catalog cache; a failed one changes nothing; a logout forgets the token, also when
// the server no longer knew the session, and passes any other failure on.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <optional>

#include "mercato/mocks/mock_user_connection.h"
#include "sdk/src/session_user_connection.h"

namespace mercato {
namespace {

using ::testing::_;
using ::testing::Return;

// Counts what the session asks of the catalog.
struct CountingCatalog : CatalogConnection {
  void ClearCache() override { ++cleared; }
  int cleared = 0;
};

class SessionUserConnectionTest : public ::testing::Test {
 protected:
  static v1::LoginResponse Answer(std::string token) {
    v1::LoginResponse response;
    response.set_session_token(std::move(token));
    return response;
  }

  std::shared_ptr<MockUserConnection> users_ = std::make_shared<MockUserConnection>();
  std::shared_ptr<internal::SessionToken> token_ = std::make_shared<internal::SessionToken>("before");
  std::shared_ptr<CountingCatalog> catalog_ = std::make_shared<CountingCatalog>();
  internal::SessionUserConnection session_{users_, token_, catalog_};
};

TEST_F(SessionUserConnectionTest, ALoginSetsTheTokenAndEmptiesTheCatalogCache) {
  EXPECT_CALL(*users_, Login(_, _)).WillOnce(Return(Answer("after")));
  auto response = session_.Login(v1::LoginRequest(), {});
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->session_token(), "after");
  EXPECT_EQ(token_->Get(), "after");
  EXPECT_EQ(catalog_->cleared, 1);
}

TEST_F(SessionUserConnectionTest, AFailedLoginOrAnUnsafeTokenChangesNothing) {
  EXPECT_CALL(*users_, Login(_, _))
      .WillOnce(Return(Status(StatusCode::kUnauthenticated, "wrong password")))
      .WillOnce(Return(Answer("line\nbreak")));
  EXPECT_EQ(session_.Login(v1::LoginRequest(), {}).status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(session_.Login(v1::LoginRequest(), {}).status().code(), StatusCode::kInternal);
  EXPECT_EQ(token_->Get(), "before");
  EXPECT_EQ(catalog_->cleared, 0);
}

TEST_F(SessionUserConnectionTest, AnAsynchronousLoginSetsTheTokenBeforeItCompletes) {
  EXPECT_CALL(*users_, AsyncLogin(_, _, _)).WillOnce([](auto const&, auto const&, auto done) {
    done(Answer("async"));
  });
  std::optional<std::string> seen;
  session_.AsyncLogin(v1::LoginRequest(), {}, [&](StatusOr<v1::LoginResponse> r) {
    ASSERT_TRUE(r.ok());
    seen = token_->Get();
  });
  EXPECT_EQ(seen, "async");
  EXPECT_EQ(catalog_->cleared, 1);
}

TEST_F(SessionUserConnectionTest, ALogoutForgetsTheTokenAlsoWhenTheServerHadEndedTheSession) {
  EXPECT_CALL(*users_, Logout(_, _))
      .WillOnce(Return(v1::LogoutResponse()))
      .WillOnce(Return(Status(StatusCode::kUnauthenticated, "session expired")));
  EXPECT_TRUE(session_.Logout(v1::LogoutRequest(), {}).ok());
  EXPECT_EQ(token_->Get(), "");
  token_->Set("again");
  EXPECT_TRUE(session_.Logout(v1::LogoutRequest(), {}).ok());
  EXPECT_EQ(token_->Get(), "");
  EXPECT_EQ(catalog_->cleared, 2);
}

TEST_F(SessionUserConnectionTest, ALogoutThatFailedOtherwiseKeepsTheSession) {
  EXPECT_CALL(*users_, AsyncLogout(_, _, _)).WillOnce([](auto const&, auto const&, auto done) {
    done(Status(StatusCode::kUnavailable, "try again"));
  });
  std::optional<StatusCode> code;
  session_.AsyncLogout(v1::LogoutRequest(), {}, [&](StatusOr<v1::LogoutResponse> r) { code = r.status().code(); });
  EXPECT_EQ(code, StatusCode::kUnavailable);
  EXPECT_EQ(token_->Get(), "before");
  EXPECT_EQ(catalog_->cleared, 0);
}

}  // namespace
}  // namespace mercato
