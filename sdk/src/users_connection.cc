// UserService session RPCs over the shared retry loops.
#include "sdk/src/users_connection.h"

#include <utility>

#include "sdk/src/async_retry_loop.h"
#include "sdk/src/retry_loop.h"
#include "sdk/src/unwrap.h"

namespace mercato::internal {
namespace {

using Stub = v1::UserService::StubInterface;
using Async = Stub::async_interface;

}  // namespace

UsersConnection::UsersConnection(std::shared_ptr<Stub> stub, Options options, std::shared_ptr<SessionToken const> token)
    : stub_(std::move(stub)), options_(std::move(options)), token_(std::move(token)) {}

StatusOr<v1::LoginResponse> UsersConnection::Login(v1::LoginRequest const& request, CallOptions const& opts) {
  auto const settings = ResolveCallSettings(options_, opts, *token_);
  auto const keyed = WithRequestId(request, opts);
  return RetryLoop(*stub_, &Stub::Login, keyed, settings, MutationIdempotency(keyed));
}

Status UsersConnection::Logout(v1::LogoutRequest const& request, CallOptions const& opts) {
  auto const settings = ResolveCallSettings(options_, opts, *token_);
  auto const keyed = WithRequestId(request, opts);
  return RetryLoop(*stub_, &Stub::Logout, keyed, settings, MutationIdempotency(keyed)).status();
}

StatusOr<v1::User> UsersConnection::GetMe(CallOptions const& opts) {
  auto const settings = ResolveCallSettings(options_, opts, *token_);
  return Unwrap(RetryLoop(*stub_, &Stub::GetMe, v1::GetMeRequest{}, settings, Idempotency::kIdempotent),
                &v1::GetMeResponse::mutable_user);
}

void UsersConnection::AsyncLogin(v1::LoginRequest const& request, CallOptions const& opts,
                                 Completion<v1::LoginResponse> done) {
  auto keyed = WithRequestId(request, opts);
  auto const idempotency = MutationIdempotency(keyed);
  AsyncRetryLoop(stub_, &Async::Login, std::move(keyed), ResolveCallSettings(options_, opts, *token_), idempotency,
                 std::move(done));
}

void UsersConnection::AsyncLogout(v1::LogoutRequest const& request, CallOptions const& opts, StatusCompletion done) {
  auto keyed = WithRequestId(request, opts);
  auto const idempotency = MutationIdempotency(keyed);
  AsyncRetryLoop(stub_, &Async::Logout, std::move(keyed), ResolveCallSettings(options_, opts, *token_), idempotency,
                 DroppingResponse<v1::LogoutResponse>(std::move(done)));
}

void UsersConnection::AsyncGetMe(CallOptions const& opts, Completion<v1::User> done) {
  AsyncRetryLoop(stub_, &Async::GetMe, v1::GetMeRequest{}, ResolveCallSettings(options_, opts, *token_),
                 Idempotency::kIdempotent, Unwrapping(&v1::GetMeResponse::mutable_user, std::move(done)));
}

}  // namespace mercato::internal
