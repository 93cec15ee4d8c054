// Wiring: builds the gRPC server with health, reflection and every Mercato service.
// Services not built yet are the generated bases, which answer UNIMPLEMENTED.
#include "server/app/server_runner.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <vector>

#include "mercato/v1/analytics.grpc.pb.h"
#include "mercato/v1/catalog.grpc.pb.h"
#include "mercato/v1/delivery.grpc.pb.h"
#include "mercato/v1/inventory.grpc.pb.h"
#include "mercato/v1/orders.grpc.pb.h"
#include "mercato/v1/payments.grpc.pb.h"
#include "mercato/v1/users.grpc.pb.h"
#include "server/app/shutdown_signal.h"

namespace mercato::server {
namespace {

std::vector<std::unique_ptr<grpc::Service>> BuildServices() {
  std::vector<std::unique_ptr<grpc::Service>> services;
  services.push_back(std::make_unique<v1::CatalogService::Service>());
  services.push_back(std::make_unique<v1::UserService::Service>());
  services.push_back(std::make_unique<v1::OrderService::Service>());
  services.push_back(std::make_unique<v1::PaymentService::Service>());
  services.push_back(std::make_unique<v1::InventoryService::Service>());
  services.push_back(std::make_unique<v1::DeliveryService::Service>());
  services.push_back(std::make_unique<v1::AnalyticsService::Service>());
  return services;
}

}  // namespace

int RunServer(Config const& config) {
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();

  auto services = BuildServices();
  grpc::ServerBuilder builder;
  int bound_port = 0;
  builder.AddListeningPort(config.listen_address, grpc::InsecureServerCredentials(), &bound_port);
  for (auto& service : services) builder.RegisterService(service.get());

  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server || bound_port == 0) {
    spdlog::error("cannot listen on {}", config.listen_address);
    return 1;
  }
  // Tests and scripts read this line to learn the port when --listen asks for port 0.
  std::printf("mercatod listening on port %d\n", bound_port);
  std::fflush(stdout);
  spdlog::info("serving on {} (port {})", config.listen_address, bound_port);

  int const signal_number = WaitForShutdownSignal();
  spdlog::info("signal {} received: draining for up to {} s", signal_number,
               config.shutdown_grace_seconds);
  server->GetHealthCheckService()->SetServingStatus(false);
  server->Shutdown(std::chrono::system_clock::now() +
                   std::chrono::seconds(config.shutdown_grace_seconds));
  server->Wait();
  spdlog::info("stopped");
  return 0;
}

}  // namespace mercato::server
