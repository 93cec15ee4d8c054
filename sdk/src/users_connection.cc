// UserService session RPCs over the shared retry loop.
#include "sdk/src/users_connection.h"

#include <utility>

#include "sdk/src/retry_loop.h"

namespace mercato::internal {

using Stub = v1::UserService::StubInterface;

UsersConnection::UsersConnection(std::shared_ptr<Stub> stub, Options options, std::shared_ptr<SessionToken const> token)
    : stub_(std::move(stub)), options_(std::move(options)), token_(std::move(token)) {}

StatusOr<v1::LoginResponse> UsersConnection::Login(v1::LoginRequest const& request, CallOptions const& opts) {
  auto const settings = ResolveCallSettings(options_, opts, *token_);
  auto keyed = request;
  if (!opts.request_id.empty() && keyed.request_id().empty()) keyed.set_request_id(opts.request_id);
  keyed = WithRequestId(std::move(keyed));
  return RetryLoop(*stub_, &Stub::Login, keyed, settings, MutationIdempotency(keyed));
}

Status UsersConnection::Logout(v1::LogoutRequest const& request, CallOptions const& opts) {
  auto const settings = ResolveCallSettings(options_, opts, *token_);
  auto keyed = request;
  if (!opts.request_id.empty() && keyed.request_id().empty()) keyed.set_request_id(opts.request_id);
  keyed = WithRequestId(std::move(keyed));
  return RetryLoop(*stub_, &Stub::Logout, keyed, settings, MutationIdempotency(keyed)).status();
}

StatusOr<v1::User> UsersConnection::GetMe(CallOptions const& opts) {
  auto const settings = ResolveCallSettings(options_, opts, *token_);
  auto response = RetryLoop(*stub_, &Stub::GetMe, v1::GetMeRequest{}, settings, Idempotency::kIdempotent);
  if (!response) return std::move(response).status();
  return std::move(*response->mutable_user());
}

}  // namespace mercato::internal
