// Accounts through the real mercatod and its gateway, on both adapter sets: a customer's session
// opens customer methods and is refused staff ones, the bootstrapped staff account runs the shop,
// and a logged-out token is dead everywhere.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include "mercato/v1/catalog.grpc.pb.h"
#include "mercato/v1/users.grpc.pb.h"
#include "tests/server/service/service_fixture.h"

namespace mercato::testing {
namespace {

class IdentityGatewayTest : public ServiceTest {
 protected:
  void Configure(server::Config& config) override { UseBootstrapStaff(config); }
  void SetUp() override {
    ServiceTest::SetUp();
    users_ = v1::UserService::NewStub(Channel());
    catalog_ = v1::CatalogService::NewStub(Channel());
  }

  std::string Login(std::string const& email, std::string const& password) {
    v1::LoginRequest request;
    request.set_email(email);
    request.set_password(password);
    v1::LoginResponse response;
    grpc::ClientContext context;
    auto status = users_->Login(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.session_token();
  }

  std::unique_ptr<grpc::ClientContext> As(std::string const& token) {
    auto context = std::make_unique<grpc::ClientContext>();
    context->AddMetadata("authorization", "Bearer " + token);
    return context;
  }

  grpc::Status CreateCategory(std::string const& token, std::string const& name) {
    v1::CreateCategoryRequest request;
    request.mutable_category()->set_name(name);
    v1::CreateCategoryResponse response;
    return catalog_->CreateCategory(As(token).get(), request, &response);
  }

  std::unique_ptr<v1::UserService::Stub> users_;
  std::unique_ptr<v1::CatalogService::Stub> catalog_;
};

TEST_P(IdentityGatewayTest, ACustomerIsRefusedStaffMethodsAndTheStaffAccountIsNot) {
  v1::RegisterRequest signup;
  signup.set_email("  Ada@Example.COM ");
  signup.set_password("Lovelace-Engine-1843");
  signup.set_display_name("Ada");
  v1::RegisterResponse registered;
  grpc::ClientContext signup_context;
  ASSERT_TRUE(users_->Register(&signup_context, signup, &registered).ok());
  EXPECT_EQ(registered.user().email(), "ada@example.com");

  auto const customer = Login("ada@example.com", "Lovelace-Engine-1843");
  v1::GetMeResponse me;
  ASSERT_TRUE(users_->GetMe(As(customer).get(), {}, &me).ok());
  EXPECT_EQ(me.user().id(), registered.user().id());

  auto refused_context = As(customer);
  v1::CreateCategoryRequest request;
  request.mutable_category()->set_name("Not yours");
  v1::CreateCategoryResponse response;
  auto refused = catalog_->CreateCategory(refused_context.get(), request, &response);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(ErrorInfoOf(*refused_context).reason(), "ROLE_REQUIRED");

  v1::ListUsersRequest list;
  v1::ListUsersResponse listed;
  EXPECT_EQ(users_->ListUsers(As(customer).get(), list, &listed).error_code(), grpc::StatusCode::PERMISSION_DENIED);

  auto const staff = Login(kStaffEmail, kStaffPassword);
  EXPECT_TRUE(CreateCategory(staff, "Staff made this").ok());
  EXPECT_TRUE(users_->ListUsers(As(staff).get(), list, &listed).ok());
  EXPECT_GE(listed.users_size(), 2);
}

TEST_P(IdentityGatewayTest, ALoggedOutTokenIsRejectedEverywhere) {
  auto const staff = Login(kStaffEmail, kStaffPassword);
  ASSERT_TRUE(CreateCategory(staff, "Before logout").ok());
  v1::LogoutResponse logged_out;
  ASSERT_TRUE(users_->Logout(As(staff).get(), {}, &logged_out).ok());

  auto after = As(staff);
  v1::CreateCategoryRequest request;
  request.mutable_category()->set_name("After logout");
  v1::CreateCategoryResponse response;
  EXPECT_EQ(catalog_->CreateCategory(after.get(), request, &response).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(ErrorInfoOf(*after).reason(), "SESSION_INVALID");

  auto garbage = As("garbage-token");
  v1::GetProductRequest get;
  get.set_product_id("anything");
  v1::GetProductResponse product;
  EXPECT_EQ(catalog_->GetProduct(garbage.get(), get, &product).error_code(), grpc::StatusCode::UNAUTHENTICATED)
      << "a bad token fails even on public methods, so clients learn their session ended";
}

INSTANTIATE_TEST_SUITE_P(Backends, IdentityGatewayTest,
                         ::testing::Values(BackendKind::kEmbedded, BackendKind::kProduction), BackendName);

}  // namespace
}  // namespace mercato::testing
