// SessionUserConnection: the decorator a Client puts over its users connection, so that a login
// or logout through any path (Client::Login, client.users().Login, the bindings' users.login)
// changes the session every call of the Client carries, and empties the catalog cache, which
// holds what the previous identity was allowed to see.
#pragma once

#include <memory>

#include "mercato/catalog_connection.h"
#include "sdk/src/forwarding_user_connection.h"
#include "sdk/src/session_token.h"

namespace mercato::internal {

class SessionUserConnection final : public ForwardingUserConnection {
 public:
  // `catalog` is weak: an asynchronous login completes on a gRPC thread, which must not end up
  // destroying the catalog connection (its watcher thread is joined then) when the Client went.
  SessionUserConnection(std::shared_ptr<UserConnection> inner, std::shared_ptr<SessionToken> token,
                        std::weak_ptr<CatalogConnection> catalog);

  // A successful login's token becomes the session's; a failed one leaves the previous token.
  StatusOr<v1::LoginResponse> Login(v1::LoginRequest const& request, CallOptions const& opts) override;
  void AsyncLogin(v1::LoginRequest const& request, CallOptions const& opts,
                  Completion<v1::LoginResponse> done) override;
  // The token is forgotten when the server ended the session, or had already (UNAUTHENTICATED,
  // which then answers OK: the caller is logged out either way).
  StatusOr<v1::LogoutResponse> Logout(v1::LogoutRequest const& request, CallOptions const& opts) override;
  void AsyncLogout(v1::LogoutRequest const& request, CallOptions const& opts,
                   Completion<v1::LogoutResponse> done) override;

 private:
  struct Session {
    std::shared_ptr<SessionToken> token;
    std::weak_ptr<CatalogConnection> catalog;
    StatusOr<v1::LoginResponse> AfterLogin(StatusOr<v1::LoginResponse> response) const;
    StatusOr<v1::LogoutResponse> AfterLogout(StatusOr<v1::LogoutResponse> response) const;
  };
  Session session_;
};

}  // namespace mercato::internal
