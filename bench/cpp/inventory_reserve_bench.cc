// Hot-SKU Reserve throughput against a running mercatod: receives a large stock for one SKU, then
// N client threads, each on its own channel (its own HTTP/2 connection), reserve 1 unit of that
// SKU with a fresh request_id per call until the time is up. Prints reservations/s, p50 and p99.
// bench/inventory/run.sh runs it next to three pgbench scripts; the stubs are the generated ones,
// so that the SDK's retry loop is not part of what is measured.
//
//   MERCATO_SERVICE_TOKEN=<token> inventory_reserve_bench <host:port> [clients=16] [seconds=10]
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "mercato/v1/inventory.grpc.pb.h"

namespace {

using Clock = std::chrono::steady_clock;

constexpr char kSku[] = "BENCH-HOT-SKU";
constexpr char kLocation[] = "BENCH-WH";
// More than any run reserves (so that no call ends OUT_OF_STOCK), and the most one receipt may add.
constexpr std::int64_t kStock = 1'000'000;

struct Settings {
  std::string address;
  std::string token;
  int clients = 16;
  int seconds = 10;
};

std::shared_ptr<grpc::Channel> OwnChannel(std::string const& address) {
  // Channels with equal arguments share one connection through gRPC's global subchannel pool; a
  // local pool gives each client its own connection, as separate checkout instances would have.
  grpc::ChannelArguments arguments;
  arguments.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  return grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), arguments);
}

void Authorize(grpc::ClientContext& context, Settings const& settings) {
  context.AddMetadata("authorization", "Bearer " + settings.token);
}

bool ReceiveStock(Settings const& settings) {
  auto stub = mercato::v1::InventoryService::NewStub(OwnChannel(settings.address));
  grpc::ClientContext read_context;
  mercato::v1::GetStockRequest read;
  read.set_sku(kSku);
  read.set_location_id(kLocation);
  mercato::v1::GetStockResponse current;
  auto status = stub->GetStock(&read_context, read, &current);
  if (status.ok()) {
    grpc::ClientContext context;
    Authorize(context, settings);
    mercato::v1::AdjustStockRequest request;
    request.set_request_id("bench-receipt-" + std::to_string(Clock::now().time_since_epoch().count()));
    request.set_sku(kSku);
    request.set_location_id(kLocation);
    request.set_delta(kStock);
    request.set_kind(mercato::v1::MOVEMENT_KIND_RECEIPT);
    request.set_reason("inventory_reserve_bench");
    request.set_expected_version(current.stock_item().version());
    mercato::v1::AdjustStockResponse response;
    status = stub->AdjustStock(&context, request, &response);
  }
  if (!status.ok()) std::fprintf(stderr, "receiving the stock failed: %s\n", status.error_message().c_str());
  return status.ok();
}

// Latencies in nanoseconds of the calls one client made inside the measured window.
struct ClientRun {
  std::vector<std::int64_t> latencies;
  std::string failure;
};

void RunClient(Settings const& settings, int client, Clock::time_point const& start, Clock::time_point const& end,
               ClientRun& run) {
  auto channel = OwnChannel(settings.address);
  // Connect before the clock starts, so that connection set-up is not counted as a slow call.
  channel->WaitForConnected(std::chrono::system_clock::now() + std::chrono::seconds(10));
  auto stub = mercato::v1::InventoryService::NewStub(channel);
  mercato::v1::ReserveRequest request;
  auto* line = request.add_lines();
  line->set_sku(kSku);
  line->set_location_id(kLocation);
  line->set_quantity(1);
  std::string const prefix = "bench-" + std::to_string(Clock::now().time_since_epoch().count()) + "-" +
                             std::to_string(client) + "-";
  std::this_thread::sleep_until(start);
  for (std::int64_t call = 0;; ++call) {
    auto const began = Clock::now();
    if (began >= end) return;
    grpc::ClientContext context;
    Authorize(context, settings);
    request.set_request_id(prefix + std::to_string(call));
    mercato::v1::ReserveResponse response;
    auto const status = stub->Reserve(&context, request, &response);
    if (!status.ok()) {
      run.failure = status.error_message();
      return;
    }
    run.latencies.push_back(std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - began).count());
  }
}

double PercentileMillis(std::vector<std::int64_t> const& sorted, double percentile) {
  // Nearest rank: the smallest latency that `percentile` of the calls do not exceed.
  auto const rank = static_cast<std::size_t>(std::ceil(percentile / 100.0 * static_cast<double>(sorted.size())));
  return static_cast<double>(sorted[std::max<std::size_t>(rank, 1) - 1]) / 1e6;
}

}  // namespace

int main(int argc, char** argv) {
  Settings settings;
  if (argc < 2 || std::getenv("MERCATO_SERVICE_TOKEN") == nullptr) {
    std::fprintf(stderr, "usage: MERCATO_SERVICE_TOKEN=<token> %s <host:port> [clients=16] [seconds=10]\n", argv[0]);
    return 2;
  }
  settings.address = argv[1];
  settings.token = std::getenv("MERCATO_SERVICE_TOKEN");
  if (argc > 2) settings.clients = std::atoi(argv[2]);
  if (argc > 3) settings.seconds = std::atoi(argv[3]);
  if (settings.clients < 1 || settings.seconds < 1) {
    std::fprintf(stderr, "clients and seconds must be at least 1\n");
    return 2;
  }
  if (!ReceiveStock(settings)) return 1;

  // A common start a moment ahead gives every client time to connect first.
  auto const start = Clock::now() + std::chrono::seconds(1);
  auto const end = start + std::chrono::seconds(settings.seconds);
  std::vector<ClientRun> runs(static_cast<std::size_t>(settings.clients));
  std::vector<std::thread> threads;
  for (int client = 0; client < settings.clients; ++client) {
    threads.emplace_back(RunClient, std::cref(settings), client, std::cref(start), std::cref(end),
                         std::ref(runs[static_cast<std::size_t>(client)]));
  }
  for (auto& thread : threads) thread.join();
  auto const elapsed = std::chrono::duration<double>(Clock::now() - start).count();

  std::vector<std::int64_t> latencies;
  for (auto const& run : runs) {
    if (!run.failure.empty()) {
      std::fprintf(stderr, "a Reserve call failed: %s\n", run.failure.c_str());
      return 1;
    }
    latencies.insert(latencies.end(), run.latencies.begin(), run.latencies.end());
  }
  if (latencies.empty()) {
    std::fprintf(stderr, "no Reserve call completed\n");
    return 1;
  }
  std::sort(latencies.begin(), latencies.end());
  // One line, key=value, that a person reads and run.sh parses.
  std::printf("reservations_per_s=%.1f p50_ms=%.2f p99_ms=%.2f calls=%zu clients=%d seconds=%.1f\n",
              static_cast<double>(latencies.size()) / elapsed, PercentileMillis(latencies, 50),
              PercentileMillis(latencies, 99), latencies.size(), settings.clients, elapsed);
  return 0;
}
