// Hot-SKU Reserve throughput against a running mercatod: receives a large stock for one SKU, then
// the clients of hot_row_load.h reserve 1 unit of it per call. bench/inventory/run.sh runs it
// next to three pgbench scripts.
//
//   MERCATO_SERVICE_TOKEN=<token> inventory_reserve_bench <host:port> [clients=16] [seconds=10]
#include "bench/cpp/hot_row_load.h"
#include "mercato/v1/inventory.grpc.pb.h"

namespace {

using mercato::bench::Clock;

constexpr char kSku[] = "BENCH-HOT-SKU";
constexpr char kLocation[] = "BENCH-WH";
// More than any run reserves (so that no call ends OUT_OF_STOCK), and the most one receipt may add.
constexpr std::int64_t kStock = 1'000'000;

bool ReceiveStock(mercato::bench::HotRowSettings const& settings) {
  auto stub = mercato::v1::InventoryService::NewStub(mercato::bench::OwnChannel(settings.address));
  grpc::ClientContext read_context;
  mercato::v1::GetStockRequest read;
  read.set_sku(kSku);
  read.set_location_id(kLocation);
  mercato::v1::GetStockResponse current;
  auto status = stub->GetStock(&read_context, read, &current);
  if (status.ok()) {
    grpc::ClientContext context;
    mercato::bench::Authorize(context, settings);
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

}  // namespace

int main(int argc, char** argv) {
  auto settings = mercato::bench::ParseHotRowArgs(argc, argv);
  if (!settings) return 2;
  if (!ReceiveStock(*settings)) return 1;
  return mercato::bench::RunHotRow(*settings, "Reserve", [](std::shared_ptr<grpc::Channel> channel) {
    auto stub = std::shared_ptr(mercato::v1::InventoryService::NewStub(std::move(channel)));
    mercato::v1::ReserveRequest request;
    auto* line = request.add_lines();
    line->set_sku(kSku);
    line->set_location_id(kLocation);
    line->set_quantity(1);
    return [stub, request](grpc::ClientContext& context, std::string const& request_id) mutable {
      request.set_request_id(request_id);
      mercato::v1::ReserveResponse response;
      return stub->Reserve(&context, request, &response);
    };
  });
}
