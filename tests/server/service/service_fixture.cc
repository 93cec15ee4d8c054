// Fixture plumbing: configs for both backend kinds and the in-process server's lifetime.
#include "tests/server/service/service_fixture.h"

#include <random>

#include "mercato/v1/users.grpc.pb.h"
#include "tests/support/test_env.h"

namespace mercato::testing {
namespace {

std::string RandomSuffix() { return std::to_string(std::random_device{}()); }

}  // namespace

std::string BackendName(::testing::TestParamInfo<BackendKind> const& info) {
  return info.param == BackendKind::kEmbedded ? "Embedded" : "PostgresRedisKafka";
}

void ServiceTest::SetUp() {
  config_ = {};
  config_.listen_address = "127.0.0.1:0";
  config_.service_token = kStaffToken;
  config_.seed_demo_catalog = false;
  config_.metrics_address = "127.0.0.1:0";
  data_dir_ = std::filesystem::temp_directory_path() / ("mercato-service-test-" + RandomSuffix());
  config_.data_dir = data_dir_.string();
  if (GetParam() == BackendKind::kProduction) {
    postgres_ = std::make_unique<sql_test::PostgresScratchDatabase>();
    ASSERT_FALSE(postgres_->conninfo().empty());
    config_.postgres_url = postgres_->conninfo();
    config_.postgres_pool_size = 4;
    config_.redis_address = RequiredEnv("MERCATO_TEST_REDIS");
    config_.redis_key_prefix = "test-" + RandomSuffix() + ":";
    config_.kafka_brokers = RequiredEnv("MERCATO_TEST_KAFKA");
    config_.kafka_topic_prefix = "test" + RandomSuffix() + ".";
    ASSERT_FALSE(config_.redis_address.empty() || config_.kafka_brokers.empty());
  }
  Configure(config_);
  auto started = server::MercatoServer::Start(config_);
  ASSERT_TRUE(started.ok()) << started.error().message;
  server_ = *std::move(started);
}

void ServiceTest::TearDown() {
  if (server_) server_->Shutdown(std::chrono::milliseconds(2000));
  server_.reset();
  postgres_.reset();
  std::error_code ignored;
  std::filesystem::remove_all(data_dir_, ignored);
}

std::string ServiceTest::Endpoint() const { return "127.0.0.1:" + std::to_string(server_->port()); }

std::shared_ptr<grpc::Channel> ServiceTest::Channel() {
  return grpc::CreateChannel(Endpoint(), grpc::InsecureChannelCredentials());
}

std::unique_ptr<grpc::ClientContext> ServiceTest::StaffContext() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->AddMetadata("authorization", std::string("Bearer ") + kStaffToken);
  return context;
}

ServiceTest::SignedInCustomer ServiceTest::SignUpCustomer(std::string const& email) {
  constexpr char kPassword[] = "Customer-Passw0rd-42";
  auto users = v1::UserService::NewStub(Channel());
  v1::RegisterRequest signup;
  signup.set_email(email);
  signup.set_password(kPassword);
  signup.set_display_name("Shopper");
  v1::RegisterResponse registered;
  grpc::ClientContext signup_context;
  EXPECT_TRUE(users->Register(&signup_context, signup, &registered).ok());
  v1::LoginRequest login;
  login.set_email(email);
  login.set_password(kPassword);
  v1::LoginResponse session;
  grpc::ClientContext login_context;
  EXPECT_TRUE(users->Login(&login_context, login, &session).ok());
  return {registered.user().id(), session.session_token()};
}

std::unique_ptr<grpc::ClientContext> ServiceTest::As(std::string const& token) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->AddMetadata("authorization", "Bearer " + token);
  return context;
}

std::unique_ptr<server::MercatoServer> ServiceTest::StartAnotherInstance() {
  auto started = server::MercatoServer::Start(config_);
  EXPECT_TRUE(started.ok()) << started.error().message;
  return started ? *std::move(started) : nullptr;
}

v1::ErrorInfo ErrorInfoOf(grpc::ClientContext const& context) {
  v1::ErrorInfo info;
  auto const& trailers = context.GetServerTrailingMetadata();
  auto found = trailers.find("mercato-error-info-bin");
  if (found != trailers.end()) info.ParseFromString(std::string(found->second.data(), found->second.size()));
  return info;
}

}  // namespace mercato::testing
