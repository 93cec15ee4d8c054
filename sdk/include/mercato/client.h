// mercato::Client: the entry point. Built from Options, it owns the channel to mercatod, the
// retry policy and the local cache, and hands out one typed client per service.
#pragma once

#include <memory>
#include <string>

#include "mercato/analytics_client.h"
#include "mercato/catalog_client.h"
#include "mercato/completion.h"
#include "mercato/delivery_client.h"
#include "mercato/inventory_client.h"
#include "mercato/order_client.h"
#include "mercato/payment_client.h"
#include "mercato/user_client.h"
#include "mercato/options.h"
#include "mercato/status.h"
#include "mercato/status_or.h"
#include "mercato/v1/users.pb.h"

namespace mercato {

// Copies share one channel, one cache and one session; the last copy to go stops the cache's
// watcher. The session token starts as Options::bearer_token; Login replaces it and Logout clears
// it, for every copy and every service client handed out (before or after). Thread-safe.
class Client {
 public:
  explicit Client(Options options = {});

  CatalogClient catalog() const;
  InventoryClient inventory() const;
  // Every UserService RPC by request message; users().Login and Logout sign this client in and
  // out, as Login and Logout below do.
  UserClient users() const;
  // Zones, slots, holds, bookings and shipments, by request message.
  DeliveryClient delivery() const;
  // Services mercatod does not serve yet: every call answers UNIMPLEMENTED from the server.
  OrderClient orders() const;
  PaymentClient payments() const;
  AnalyticsClient analytics() const;
  Options const& options() const;

  // UserService.Login; on success every later call carries the new session token. Wrong
  // credentials: UNAUTHENTICATED (not retried), and the previous token stays.
  Status Login(std::string email, std::string password, CallOptions opts = {});
  // UserService.Logout with the current token, then forgets it; also when the server answered
  // UNAUTHENTICATED (the session was already gone). Other failures keep the token.
  Status Logout(CallOptions opts = {});
  // Whether calls currently carry a token (from Login or Options::bearer_token).
  bool logged_in() const;
  // UserService.GetMe: the account of the current session.
  StatusOr<v1::User> Me(CallOptions opts = {}) const;

  // The asynchronous twins of Login, Logout and Me: the same effects on the session and the same
  // errors, delivered through `done` (mercato/completion.h says on which thread). The session
  // token changes before `done` runs.
  void AsyncLogin(std::string email, std::string password, CallOptions opts, StatusCompletion done);
  void AsyncLogout(CallOptions opts, StatusCompletion done);
  void AsyncMe(CallOptions opts, Completion<v1::User> done) const;

 private:
  struct State;
  std::shared_ptr<State const> state_;
};

}  // namespace mercato
