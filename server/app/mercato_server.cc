// Start-up and shutdown order. Services not built yet are the generated bases (UNIMPLEMENTED).
#include "server/app/mercato_server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>

#include "mercato/v1/analytics.grpc.pb.h"
#include "mercato/v1/delivery.grpc.pb.h"
#include "mercato/v1/inventory.grpc.pb.h"
#include "mercato/v1/orders.grpc.pb.h"
#include "mercato/v1/payments.grpc.pb.h"
#include "mercato/v1/users.grpc.pb.h"
#include "server/app/demo_catalog.h"
#include "server/app/shutdown_signal.h"

namespace mercato::server {
namespace {

domain::CatalogContext MakeCatalogContext(Backend& backend) {
  return {*backend.catalog_store, *backend.listing_cache, *backend.clock, *backend.ids, {}};
}

}  // namespace

MercatoServer::MercatoServer(std::unique_ptr<Backend> backend, Config const& config)
    : backend_(std::move(backend)),
      products_(MakeCatalogContext(*backend_)),
      categories_(MakeCatalogContext(*backend_)),
      callers_(config.service_token),
      relay_(*backend_->outbox_store, *backend_->event_sink, changes_, {}),
      catalog_service_({products_, categories_, *backend_->outbox_store, changes_, callers_}, {}) {
  unimplemented_services_.push_back(std::make_unique<v1::UserService::Service>());
  unimplemented_services_.push_back(std::make_unique<v1::OrderService::Service>());
  unimplemented_services_.push_back(std::make_unique<v1::PaymentService::Service>());
  unimplemented_services_.push_back(std::make_unique<v1::InventoryService::Service>());
  unimplemented_services_.push_back(std::make_unique<v1::DeliveryService::Service>());
  unimplemented_services_.push_back(std::make_unique<v1::AnalyticsService::Service>());
}

domain::Result<std::unique_ptr<MercatoServer>> MercatoServer::Start(Config const& config) {
  auto backend = BuildBackend(config);
  if (!backend) return backend.error();
  std::unique_ptr<MercatoServer> server(new MercatoServer(*std::move(backend), config));
  spdlog::info("backend: {}", server->backend_->description);

  if (config.seed_demo_catalog) {
    auto seeded = SeedDemoCatalog(server->categories_, server->products_, *server->backend_->catalog_store);
    if (!seeded) return seeded.error();
    if (*seeded > 0) spdlog::info("seeded the demo catalog: {} products", *seeded);
  }
  server->relay_.Start();
  if (auto listening = server->Listen(config.listen_address); !listening) return listening.error();
  return server;
}

domain::Status MercatoServer::Listen(std::string const& address) {
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(address, grpc::InsecureServerCredentials(), &port_);
  builder.RegisterService(&catalog_service_);
  for (auto& service : unimplemented_services_) builder.RegisterService(service.get());
  server_ = builder.BuildAndStart();
  if (!server_ || port_ == 0) {
    return domain::Unavailable("cannot listen on " + address + ": is the port taken or the address wrong?");
  }
  return domain::Ok();
}

void MercatoServer::Shutdown(std::chrono::milliseconds grace) {
  if (stopped_) return;
  stopped_ = true;
  if (server_) {
    server_->GetHealthCheckService()->SetServingStatus(false);
    catalog_service_.StopWatches();
    server_->Shutdown(std::chrono::system_clock::now() + grace);
    server_->Wait();
  }
  relay_.StopAndFlush(std::max(grace, std::chrono::milliseconds(1000)));
}

MercatoServer::~MercatoServer() { Shutdown(std::chrono::milliseconds(0)); }

int RunServer(Config const& config) {
  auto server = MercatoServer::Start(config);
  if (!server) {
    spdlog::error("mercatod could not start: {}", server.error().message);
    return 1;
  }
  // Tests and scripts read this line to learn the port when --listen asks for port 0.
  std::printf("mercatod listening on port %d\n", (*server)->port());
  std::fflush(stdout);
  spdlog::info("serving on {} (port {})", config.listen_address, (*server)->port());

  int const signal_number = WaitForShutdownSignal();
  spdlog::info("signal {} received: draining for up to {} s", signal_number, config.shutdown_grace_seconds);
  (*server)->Shutdown(std::chrono::seconds(config.shutdown_grace_seconds));
  spdlog::info("stopped");
  return 0;
}

}  // namespace mercato::server
