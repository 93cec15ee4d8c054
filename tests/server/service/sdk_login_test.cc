// Client::Login / Logout / Me against a real mercatod on both adapter sets: the session token is
// client state that every service client (catalog included) sends once logged in, and forgets on
// logout; wrong credentials leave the client logged out.
#include <gtest/gtest.h>

#include <string>

#include "mercato/client.h"
#include "tests/server/service/service_fixture.h"

namespace mercato::testing {
namespace {

class SdkLoginTest : public ServiceTest {
 protected:
  void Configure(server::Config& config) override { UseBootstrapStaff(config); }

  Client MakeClient() {
    Options options;
    options.endpoint = Endpoint();
    options.cache.enabled = false;
    return Client(options);
  }

  static StatusCode CreateCategory(CatalogClient& catalog, std::string const& name) {
    v1::Category category;
    category.set_name(name);
    auto created = catalog.CreateCategory(category);
    return created.ok() ? StatusCode::kOk : created.status().code();
  }
};

TEST_P(SdkLoginTest, LoginAuthenticatesEveryServiceClientAndLogoutForgetsTheSession) {
  auto client = MakeClient();
  auto catalog = client.catalog();  // handed out before the login: it must follow the session
  EXPECT_FALSE(client.logged_in());
  EXPECT_EQ(CreateCategory(catalog, "Before login"), StatusCode::kUnauthenticated);

  auto const login = client.Login(kStaffEmail, kStaffPassword);
  ASSERT_TRUE(login.ok()) << login.message();
  EXPECT_TRUE(client.logged_in());
  Client copy = client;  // copies share the session
  EXPECT_TRUE(copy.logged_in());
  EXPECT_EQ(CreateCategory(catalog, "After login"), StatusCode::kOk);

  auto me = copy.Me();
  ASSERT_TRUE(me.ok()) << me.status().message();
  EXPECT_EQ(me->email(), kStaffEmail);

  auto const logout = client.Logout();
  ASSERT_TRUE(logout.ok()) << logout.message();
  EXPECT_FALSE(client.logged_in());
  EXPECT_FALSE(copy.logged_in());
  EXPECT_EQ(CreateCategory(catalog, "After logout"), StatusCode::kUnauthenticated);
  auto gone = client.Me();
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.status().code(), StatusCode::kUnauthenticated);
}

TEST_P(SdkLoginTest, WrongPasswordIsUnauthenticatedAndLeavesTheClientLoggedOut) {
  auto client = MakeClient();
  auto const login = client.Login(kStaffEmail, "not-the-password");
  ASSERT_FALSE(login.ok());
  EXPECT_EQ(login.code(), StatusCode::kUnauthenticated);
  EXPECT_FALSE(client.logged_in());
  auto catalog = client.catalog();
  EXPECT_EQ(CreateCategory(catalog, "Still anonymous"), StatusCode::kUnauthenticated);
}

INSTANTIATE_TEST_SUITE_P(Backends, SdkLoginTest, ::testing::Values(BackendKind::kEmbedded, BackendKind::kProduction),
                         BackendName);

}  // namespace
}  // namespace mercato::testing
