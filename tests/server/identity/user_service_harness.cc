// Builds the identity stack for one test and tears it down again.
#include "tests/server/identity/user_service_harness.h"

#include <google/protobuf/util/message_differencer.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <random>

#include "server/adapters/local/in_process_session_store.h"
#include "server/adapters/redis/redis_session_store.h"
#include "server/adapters/sql/migrator.h"
#include "tests/support/test_env.h"

namespace mercato::identity_test {

std::string BackendName(::testing::TestParamInfo<Backend> const& info) {
  return info.param == Backend::kSqliteInProcess ? "SqliteInProcess" : "PostgresRedis";
}

bool operator==(Reply const& a, Reply const& b) {
  return a.code == b.code && a.message == b.message &&
         google::protobuf::util::MessageDifferencer::Equals(a.info, b.info);
}

std::ostream& operator<<(std::ostream& out, Reply const& reply) {
  return out << "{code " << static_cast<int>(reply.code) << ", \"" << reply.message << "\", "
             << reply.info.ShortDebugString() << "}";
}

void IdentityServiceTest::SetUp() {
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(logs_);
  previous_logger_ = spdlog::default_logger();
  spdlog::set_default_logger(std::make_shared<spdlog::logger>("identity-test", sink));
  spdlog::set_level(spdlog::level::debug);

  if (GetParam() == Backend::kSqliteInProcess) {
    database_ = sql_test::MakeSqliteTestDatabase();
    ASSERT_NE(database_, nullptr);
    sessions_ = std::make_unique<adapters::InProcessSessionStore>(clock_);
  } else {
    database_ = sql_test::MakePostgresTestDatabase();
    ASSERT_NE(database_, nullptr);
    auto const address = testing::RequiredEnv("MERCATO_TEST_REDIS");
    ASSERT_FALSE(address.empty());
    redis_ = std::make_unique<adapters::RedisClient>(address, 4, std::chrono::milliseconds(1000));
    redis_prefix_ = testing::UniqueName("identity-test") + ":";
    sessions_ = std::make_unique<adapters::RedisSessionStore>(*redis_, redis_prefix_, clock_);
  }
  auto migrated = adapters::Migrate(db());
  ASSERT_TRUE(migrated.ok()) << migrated.error().message;
  users_ = std::make_unique<adapters::SqlUserStore>(db(), clock_);
  authenticator_ = std::make_unique<domain::SessionAuthenticator>(*sessions_, tokens_, clock_);
  gateway_ = std::make_unique<TestGateway>(*authenticator_, UserServiceTable());
  Start({});
}

void IdentityServiceTest::TearDown() {
  Stop();
  if (redis_) {
    // Leave nothing behind in the shared Redis.
    std::string cursor = "0";
    do {
      auto reply = redis_->Command({"SCAN", cursor, "MATCH", redis_prefix_ + "*", "COUNT", "1000"});
      if (!reply || reply->elements.size() != 2) break;
      cursor = reply->elements[0].text;
      for (auto const& key : reply->elements[1].elements) redis_->Command({"DEL", key.text});
    } while (cursor != "0");
  }
  gateway_.reset();
  authenticator_.reset();
  users_.reset();
  sessions_.reset();
  redis_.reset();
  database_.reset();
  if (previous_logger_) spdlog::set_default_logger(previous_logger_);
}

void IdentityServiceTest::Start(adapters::SodiumPasswordHasher::Limits limits) {
  stack_ = std::make_unique<Stack>();
  stack_->hasher = std::make_unique<adapters::SodiumPasswordHasher>(limits);
  domain::IdentityContext context{*users_, *sessions_, tokens_, *stack_->hasher, limiter_, clock_, ids_, {}};
  stack_->accounts = std::make_unique<domain::UserAccounts>(context);
  stack_->addresses = std::make_unique<domain::AddressBook>(*users_, clock_, ids_);
  stack_->handlers = std::make_unique<api::HandlerPool>(4, 256);
  stack_->use_cases = std::make_unique<api::UserUseCaseHandlers>(*stack_->accounts, *stack_->addresses);
  stack_->service = std::make_unique<api::UserGrpcService>(*gateway_, *stack_->handlers, *stack_->use_cases);
  int port = 0;
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(stack_->service.get());
  stack_->server = builder.BuildAndStart();
  ASSERT_NE(stack_->server, nullptr);
  ASSERT_NE(port, 0);
  stub_ = v1::UserService::NewStub(
      grpc::CreateChannel("127.0.0.1:" + std::to_string(port), grpc::InsecureChannelCredentials()));
}

void IdentityServiceTest::Stop() {
  stub_.reset();
  if (stack_ && stack_->server) stack_->server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(2));
  stack_.reset();
}

void IdentityServiceTest::Restart(adapters::SodiumPasswordHasher::Limits limits) {
  Stop();
  Start(limits);
}

std::unique_ptr<grpc::ClientContext> IdentityServiceTest::As(std::string const& token) {
  auto context = std::make_unique<grpc::ClientContext>();
  if (!token.empty()) context->AddMetadata("authorization", "Bearer " + token);
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  return context;
}

Reply IdentityServiceTest::ReplyOf(grpc::Status const& status, grpc::ClientContext const& context) {
  Reply reply{status.error_code(), status.error_message(), {}};
  auto const& trailers = context.GetServerTrailingMetadata();
  if (auto found = trailers.find("mercato-error-info-bin"); found != trailers.end()) {
    reply.info.ParseFromString(std::string(found->second.data(), found->second.size()));
  }
  return reply;
}

v1::User IdentityServiceTest::RegisterUser(std::string const& email, std::string const& password) {
  v1::RegisterRequest request;
  request.set_request_id(ids_.NewId());
  request.set_email(email);
  request.set_password(password);
  request.set_display_name("Test " + email.substr(0, email.find('@')));
  v1::RegisterResponse response;
  auto context = As("");
  auto status = stub().Register(context.get(), request, &response);
  EXPECT_TRUE(status.ok()) << ReplyOf(status, *context);
  // Ids are time-ordered: step the clock so that accounts made one after another sort that way.
  clock_.Advance(std::chrono::milliseconds(5));
  return response.user();
}

std::string IdentityServiceTest::LoginToken(std::string const& email, std::string const& password) {
  v1::LoginRequest request;
  request.set_email(email);
  request.set_password(password);
  v1::LoginResponse response;
  auto context = As("");
  auto status = stub().Login(context.get(), request, &response);
  EXPECT_TRUE(status.ok()) << ReplyOf(status, *context);
  return response.session_token();
}

std::string IdentityServiceTest::StaffToken(std::string const& email, std::string const& password) {
  auto staff = accounts().EnsureStaffAccount(email, password);
  EXPECT_TRUE(staff.ok()) << (staff ? "" : staff.error().message);
  return LoginToken(email, password);
}

}  // namespace mercato::identity_test
