// An in-process UserService for the service suite, on either adapter set: SQLite (temp file) with
// the in-process session store, or PostgreSQL (scratch database) with the Redis session store
// (unique key prefix). Real argon2id hashing and real tokens; a fake clock, the test limiter and
// the test gateway. Log output of the run is captured for the leak checks.
#pragma once

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <sstream>
#include <string>

#include "mercato/v1/errors.pb.h"
#include "mercato/v1/users.grpc.pb.h"
#include "server/adapters/crypto/sodium_password_hasher.h"
#include "server/adapters/crypto/sodium_session_tokens.h"
#include "server/adapters/local/ulid_generator.h"
#include "server/adapters/redis/redis_client.h"
#include "server/adapters/sql/sql_user_store.h"
#include "server/api/user_grpc_service.h"
#include "server/api/user_use_case_handlers.h"
#include "server/domain/identity/address_book.h"
#include "server/domain/identity/session_authenticator.h"
#include "server/domain/identity/user_accounts.h"
#include "tests/server/identity/identity_test_doubles.h"
#include "tests/server/sql/sql_test_database.h"

namespace spdlog {
class logger;
}

namespace mercato::identity_test {

enum class Backend { kSqliteInProcess, kPostgresRedis };

std::string BackendName(::testing::TestParamInfo<Backend> const& info);

// A call's outcome as a client sees it.
struct Reply {
  grpc::StatusCode code = grpc::StatusCode::OK;
  std::string message;
  v1::ErrorInfo info;
};
bool operator==(Reply const& a, Reply const& b);
std::ostream& operator<<(std::ostream& out, Reply const& reply);

class IdentityServiceTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Rebuilds the hasher, use cases and server over the same database and sessions, so that a test
  // can raise the argon2id limits between two logins.
  void Restart(adapters::SodiumPasswordHasher::Limits limits);

  v1::UserService::Stub& stub() { return *stub_; }
  adapters::SqlDatabase& db() { return database_->db(); }
  domain::UserAccounts& accounts() { return *stack_->accounts; }
  adapters::SqlUserStore& users() { return *users_; }
  FakeClock& clock() { return clock_; }
  TestRateLimiter& limiter() { return limiter_; }
  adapters::RedisClient* redis() { return redis_.get(); }
  std::string const& redis_prefix() const { return redis_prefix_; }
  std::string CapturedLogs() const { return logs_.str(); }

  // A context carrying `authorization: Bearer <token>` (none when token is empty).
  static std::unique_ptr<grpc::ClientContext> As(std::string const& token);
  static Reply ReplyOf(grpc::Status const& status, grpc::ClientContext const& context);

  // Shortcuts that fail the test when the call fails.
  v1::User RegisterUser(std::string const& email, std::string const& password);
  std::string LoginToken(std::string const& email, std::string const& password);
  // An active staff account through the bootstrap use case, and its token.
  std::string StaffToken(std::string const& email, std::string const& password);

 private:
  struct Stack {
    std::unique_ptr<adapters::SodiumPasswordHasher> hasher;
    std::unique_ptr<domain::UserAccounts> accounts;
    std::unique_ptr<domain::AddressBook> addresses;
    std::unique_ptr<api::HandlerPool> handlers;
    std::unique_ptr<api::UserUseCaseHandlers> use_cases;
    std::unique_ptr<api::UserGrpcService> service;
    std::unique_ptr<grpc::Server> server;
  };
  void Start(adapters::SodiumPasswordHasher::Limits limits);
  void Stop();

  FakeClock clock_;
  TestRateLimiter limiter_{clock_};
  adapters::UlidGenerator ids_{clock_};
  adapters::SodiumSessionTokens tokens_;
  std::unique_ptr<sql_test::TestDatabase> database_;
  std::unique_ptr<adapters::RedisClient> redis_;
  std::string redis_prefix_;
  std::unique_ptr<domain::SessionStore> sessions_;
  std::unique_ptr<adapters::SqlUserStore> users_;
  std::unique_ptr<domain::SessionAuthenticator> authenticator_;
  std::unique_ptr<TestGateway> gateway_;
  std::unique_ptr<Stack> stack_;
  std::unique_ptr<v1::UserService::Stub> stub_;
  std::ostringstream logs_;
  std::shared_ptr<spdlog::logger> previous_logger_;
};

}  // namespace mercato::identity_test
