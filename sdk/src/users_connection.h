// UsersConnection: the few UserService RPCs a Client needs for its session (Login, Logout, GetMe),
// blocking or asynchronous through the shared retry loops, with the bearer token read from the
// Client's SessionToken.
#pragma once

#include <memory>

#include "mercato/completion.h"
#include "mercato/options.h"
#include "mercato/status_or.h"
#include "mercato/v1/users.grpc.pb.h"
#include "sdk/src/session_token.h"

namespace mercato::internal {

class UsersConnection {
 public:
  UsersConnection(std::shared_ptr<v1::UserService::StubInterface> stub, Options options,
                  std::shared_ptr<SessionToken const> token);

  // Keyed by a request_id, so retried on UNAVAILABLE (and the other transient codes) only; wrong
  // credentials (UNAUTHENTICATED) fail at once.
  StatusOr<v1::LoginResponse> Login(v1::LoginRequest const& request, CallOptions const& opts);
  Status Logout(v1::LogoutRequest const& request, CallOptions const& opts);
  StatusOr<v1::User> GetMe(CallOptions const& opts);

  // The same, completing through `done` (see mercato/completion.h).
  void AsyncLogin(v1::LoginRequest const& request, CallOptions const& opts, Completion<v1::LoginResponse> done);
  void AsyncLogout(v1::LogoutRequest const& request, CallOptions const& opts, StatusCompletion done);
  void AsyncGetMe(CallOptions const& opts, Completion<v1::User> done);

 private:
  std::shared_ptr<v1::UserService::StubInterface> stub_;
  Options const options_;
  std::shared_ptr<SessionToken const> const token_;
};

}  // namespace mercato::internal
