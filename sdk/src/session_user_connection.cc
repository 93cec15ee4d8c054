#include "sdk/src/session_user_connection.h"

#include <utility>

#include "mercato/options.h"

namespace mercato::internal {
namespace {

void ClearCache(std::weak_ptr<CatalogConnection> const& catalog) {
  if (auto connection = catalog.lock()) connection->ClearCache();
}

}  // namespace

SessionUserConnection::SessionUserConnection(std::shared_ptr<UserConnection> inner, std::shared_ptr<SessionToken> token,
                                             std::weak_ptr<CatalogConnection> catalog)
    : ForwardingUserConnection(std::move(inner)), session_{std::move(token), std::move(catalog)} {}

StatusOr<v1::LoginResponse> SessionUserConnection::Session::AfterLogin(StatusOr<v1::LoginResponse> response) const {
  if (!response) return response;
  if (!IsHeaderSafeToken(response->session_token())) {
    return Status(StatusCode::kInternal, "the server answered a session token an HTTP header cannot carry");
  }
  token->Set(response->session_token());
  ClearCache(catalog);
  return response;
}

StatusOr<v1::LogoutResponse> SessionUserConnection::Session::AfterLogout(StatusOr<v1::LogoutResponse> response) const {
  if (!response && response.status().code() != StatusCode::kUnauthenticated) return response;
  token->Set({});
  ClearCache(catalog);
  return v1::LogoutResponse();
}

StatusOr<v1::LoginResponse> SessionUserConnection::Login(v1::LoginRequest const& request, CallOptions const& opts) {
  return session_.AfterLogin(inner()->Login(request, opts));
}

void SessionUserConnection::AsyncLogin(v1::LoginRequest const& request, CallOptions const& opts,
                                       Completion<v1::LoginResponse> done) {
  inner()->AsyncLogin(request, opts, [session = session_, done = std::move(done)](StatusOr<v1::LoginResponse> r) {
    done(session.AfterLogin(std::move(r)));
  });
}

StatusOr<v1::LogoutResponse> SessionUserConnection::Logout(v1::LogoutRequest const& request, CallOptions const& opts) {
  return session_.AfterLogout(inner()->Logout(request, opts));
}

void SessionUserConnection::AsyncLogout(v1::LogoutRequest const& request, CallOptions const& opts,
                                        Completion<v1::LogoutResponse> done) {
  inner()->AsyncLogout(request, opts, [session = session_, done = std::move(done)](StatusOr<v1::LogoutResponse> r) {
    done(session.AfterLogout(std::move(r)));
  });
}

}  // namespace mercato::internal
