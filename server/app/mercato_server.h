// A running mercatod: backend adapters, use cases, the outbox relay and the gRPC server, started
// together and stopped in the order that loses nothing. main() and the service tests both use it.
#pragma once

#include <grpcpp/server.h>

#include <chrono>
#include <memory>
#include <vector>

#include "server/adapters/http/http_server.h"
#include "server/adapters/local/static_token_authenticator.h"
#include "server/adapters/postgres/postgres_listener.h"
#include "server/api/authorizing_gateway.h"
#include "server/api/catalog_use_case_handlers.h"
#include "server/api/delivery_use_case_handlers.h"
#include "server/api/payment_use_case_handlers.h"
#include "server/api/inventory_use_case_handlers.h"
#include "server/api/order_use_case_handlers.h"
#include "server/api/request_metrics.h"
#include "server/api/user_use_case_handlers.h"
#include "server/app/backend.h"
#include "server/app/config.h"
#include "server/domain/catalog/category_tree.h"
#include "server/domain/catalog/product_catalog.h"
#include "server/domain/delivery/shipments.h"
#include "server/domain/delivery/slot_horizon_job.h"
#include "server/domain/delivery/slot_claims.h"
#include "server/domain/delivery/slots.h"
#include "server/domain/delivery/zones.h"
#include "server/domain/orders/carts.h"
#include "server/domain/orders/checkout.h"
#include "server/domain/orders/order_lifecycle.h"
#include "server/domain/orders/orders.h"
#include "server/domain/payments/payments.h"
#include "server/domain/events/change_notifier.h"
#include "server/domain/events/outbox_relay.h"
#include "server/domain/identity/address_book.h"
#include "server/domain/identity/session_authenticator.h"
#include "server/domain/identity/user_accounts.h"
#include "server/domain/inventory/reservations.h"
#include "server/domain/inventory/stock_keeping.h"
#include "server/domain/periodic_task.h"

namespace mercato::server {

class MercatoServer {
 public:
  // Builds the backend, seeds the demo catalog when asked and the store is empty, starts the relay
  // and listens. Errors say what could not start.
  static domain::Result<std::unique_ptr<MercatoServer>> Start(Config const& config);

  MercatoServer(MercatoServer const&) = delete;
  MercatoServer& operator=(MercatoServer const&) = delete;
  ~MercatoServer();

  int port() const { return port_; }
  // The /metrics port, 0 when the endpoint is off.
  int metrics_port() const { return metrics_http_ ? metrics_http_->port() : 0; }
  int webhook_port() const { return webhook_http_ ? webhook_http_->port() : 0; }
  Backend& backend() { return *backend_; }

  // Reports NOT_SERVING, ends watch streams, lets in-flight calls finish within `grace`, stops
  // the background tasks, then flushes the outbox relay. Safe to call twice.
  void Shutdown(std::chrono::milliseconds grace);

 private:
  explicit MercatoServer(std::unique_ptr<Backend> backend, Config const& config);
  domain::Status Listen(std::string const& address);
  void ServeMetrics(std::string const& address);
  domain::Status ServeWebhooks(Config const& config);
  // Wakes change streams and the publisher when another instance sequences events.
  void ListenForOtherInstances(std::string const& postgres_url);
  // Redis's circuit breaker in /metrics and in the health service (see kRedisHealthName).
  void ExposeRedisMetrics();
  void ReportRedisHealth();
  domain::Status BootstrapStaff(std::string const& email_and_password);

  std::unique_ptr<Backend> backend_;
  domain::ChangeNotifier changes_;
  domain::ProductCatalog products_;
  domain::CategoryTree categories_;
  domain::SessionAuthenticator sessions_;
  adapters::StaticTokenAuthenticator authenticator_;
  api::RequestMetrics metrics_;
  // Declared before the services and the server so that it outlives every call they run on it.
  api::HandlerPool handlers_;
  api::AuthorizingGateway gateway_;
  domain::OutboxRelay relay_;
  domain::UserAccounts accounts_;
  domain::AddressBook addresses_;
  api::CatalogUseCaseHandlers catalog_handlers_;
  api::CatalogGrpcService catalog_service_;
  api::UserUseCaseHandlers user_handlers_;
  api::UserGrpcService user_service_;
  domain::StockKeeping stock_;
  domain::Reservations reservations_;
  api::InventoryUseCaseHandlers inventory_handlers_;
  api::InventoryGrpcService inventory_service_;
  domain::Zones zones_;
  domain::Slots slots_;
  domain::SlotClaims slot_claims_;
  domain::Shipments shipments_;
  api::DeliveryUseCaseHandlers delivery_handlers_;
  api::DeliveryGrpcService delivery_service_;
  domain::Payments payments_;
  domain::OrderLifecycle order_lifecycle_;
  api::PaymentUseCaseHandlers payment_handlers_;
  api::PaymentGrpcService payment_service_;
  domain::Carts carts_;
  domain::Checkout checkout_;
  domain::Orders orders_;
  api::OrderUseCaseHandlers order_handlers_;
  api::OrderGrpcService order_service_;
  // Background work every instance shares through the database.
  domain::PeriodicTask reservation_sweeper_;
  domain::PeriodicTask slot_hold_sweeper_;
  domain::PeriodicTask payment_reconciler_;
  domain::PeriodicTask checkout_recovery_;
  domain::PeriodicTask order_payment_follow_up_;
  domain::SlotHorizonJob slot_horizon_job_;
  domain::PeriodicTask slot_horizon_task_;  // started when --slot-horizon-days > 0
  bool slot_horizon_on_ = false;
  domain::PeriodicTask idempotency_pruner_;
  std::vector<std::unique_ptr<api::RawService>> unimplemented_services_;
  std::unique_ptr<adapters::PostgresListener> outbox_listener_;  // with --postgres
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<adapters::HttpServer> metrics_http_;
  std::unique_ptr<adapters::HttpServer> webhook_http_;  // --webhook-listen
  int port_ = 0;
  bool stopped_ = false;
};

// mercatod's main loop: start, print the port, wait for SIGTERM/SIGINT, shut down. Returns the
// process exit code.
int RunServer(Config const& config);

}  // namespace mercato::server
