// mercato::Client: one channel, one connection stack per service and one session token, shared by
// every copy.
#include "mercato/client.h"

#include <grpcpp/channel.h>

#include <memory>

#include "sdk/src/analytics_connection_impl.h"
#include "sdk/src/catalog_connection_impl.h"
#include "sdk/src/channel.h"
#include "sdk/src/delivery_connection_impl.h"
#include "sdk/src/inventory_connection_impl.h"
#include "sdk/src/order_connection_impl.h"
#include "sdk/src/payment_connection_impl.h"
#include "sdk/src/session_token.h"
#include "sdk/src/session_user_connection.h"
#include "sdk/src/unwrap.h"
#include "sdk/src/user_connection_impl.h"

namespace mercato {

namespace {

v1::LoginRequest LoginRequest(std::string email, std::string password) {
  v1::LoginRequest request;
  request.set_email(std::move(email));
  request.set_password(std::move(password));
  return request;
}

}  // namespace

struct Client::State {
  Options options;
  std::shared_ptr<grpc::Channel> channel;
  std::shared_ptr<internal::SessionToken> token;
  std::shared_ptr<CatalogConnection> catalog;
  std::shared_ptr<InventoryConnection> inventory;
  std::shared_ptr<OrderConnection> orders;
  std::shared_ptr<PaymentConnection> payments;
  std::shared_ptr<DeliveryConnection> delivery;
  std::shared_ptr<AnalyticsConnection> analytics;
  std::shared_ptr<UserConnection> users;
};

Client::Client(Options options) {
  auto state = std::make_shared<State>();
  state->channel = internal::MakeChannel(options);
  state->token = std::make_shared<internal::SessionToken>(options.bearer_token);
  state->catalog = internal::MakeCatalogConnection(state->channel, options, state->token);
  state->inventory = internal::MakeInventoryConnection(state->channel, options, state->token);
  state->orders = internal::MakeOrderConnection(state->channel, options, state->token);
  state->payments = internal::MakePaymentConnection(state->channel, options, state->token);
  state->delivery = internal::MakeDeliveryConnection(state->channel, options, state->token);
  state->analytics = internal::MakeAnalyticsConnection(state->channel, options, state->token);
  state->users = std::make_shared<internal::SessionUserConnection>(
      internal::MakeUserConnection(state->channel, options, state->token), state->token, state->catalog);
  state->options = std::move(options);
  state_ = std::move(state);
}

CatalogClient Client::catalog() const { return CatalogClient(state_->catalog); }

InventoryClient Client::inventory() const {
  return InventoryClient(state_->inventory, state_->options.sleeper, state_->options.retry_timer);
}

UserClient Client::users() const { return UserClient(state_->users); }
OrderClient Client::orders() const { return OrderClient(state_->orders); }
PaymentClient Client::payments() const { return PaymentClient(state_->payments); }
DeliveryClient Client::delivery() const { return DeliveryClient(state_->delivery); }
AnalyticsClient Client::analytics() const { return AnalyticsClient(state_->analytics); }

Options const& Client::options() const { return state_->options; }

Status Client::Login(std::string email, std::string password, CallOptions opts) {
  return state_->users->Login(LoginRequest(std::move(email), std::move(password)), opts).status();
}

Status Client::Logout(CallOptions opts) {
  if (!logged_in()) return Status();
  return state_->users->Logout(v1::LogoutRequest{}, opts).status();
}

bool Client::logged_in() const { return !state_->token->Get().empty(); }

StatusOr<v1::User> Client::Me(CallOptions opts) const { return state_->users->GetMe(v1::GetMeRequest{}, opts); }

void Client::AsyncLogin(std::string email, std::string password, CallOptions opts, StatusCompletion done) {
  state_->users->AsyncLogin(LoginRequest(std::move(email), std::move(password)), opts,
                            internal::DroppingResponse<v1::LoginResponse>(std::move(done)));
}

void Client::AsyncLogout(CallOptions opts, StatusCompletion done) {
  if (!logged_in()) return done(Status());
  state_->users->AsyncLogout(v1::LogoutRequest{}, opts, internal::DroppingResponse<v1::LogoutResponse>(std::move(done)));
}

void Client::AsyncMe(CallOptions opts, Completion<v1::User> done) const {
  state_->users->AsyncGetMe(v1::GetMeRequest{}, opts, std::move(done));
}

}  // namespace mercato
