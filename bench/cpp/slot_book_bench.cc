// Hot-slot BookSlot throughput against a running mercatod: creates a zone and one slot with more
// capacity than any run books, then the clients of hot_row_load.h book it for a new order per call.
// bench/delivery/run.sh runs it next to pgbench's conditional UPDATE of one slot row.
//
//   MERCATO_SERVICE_TOKEN=<token> slot_book_bench <host:port> [clients=16] [seconds=10]
#include <google/protobuf/util/time_util.h>

#include "bench/cpp/hot_row_load.h"
#include "mercato/v1/delivery.grpc.pb.h"

namespace {

using google::protobuf::util::TimeUtil;
using mercato::bench::Clock;

// The most a slot may hold (slot_rules.h), far more than a run books.
constexpr int kCapacity = 1'000'000;

std::optional<std::string> CreateHotSlot(mercato::bench::HotRowSettings const& settings) {
  auto stub = mercato::v1::DeliveryService::NewStub(mercato::bench::OwnChannel(settings.address));
  auto const run = std::to_string(Clock::now().time_since_epoch().count() % 1'000'000'000);
  grpc::ClientContext zone_context;
  mercato::bench::Authorize(zone_context, settings);
  mercato::v1::CreateZoneRequest zone_request;
  auto& zone = *zone_request.mutable_zone();
  zone.set_name("Bench " + run);
  zone.add_postcodes("BENCH" + run + "*");
  zone.mutable_delivery_fee()->set_currency_code("GBP");
  zone.set_active(true);
  zone.set_stock_location_id("bench");  // a zone without one takes no orders
  mercato::v1::CreateZoneResponse created_zone;
  auto status = stub->CreateZone(&zone_context, zone_request, &created_zone);
  mercato::v1::BatchCreateSlotsResponse created_slots;
  if (status.ok()) {
    grpc::ClientContext slot_context;
    mercato::bench::Authorize(slot_context, settings);
    mercato::v1::BatchCreateSlotsRequest slot_request;
    auto& slot = *slot_request.add_slots();
    slot.set_zone_id(created_zone.zone().id());
    auto const start = TimeUtil::GetCurrentTime() + TimeUtil::HoursToDuration(48);
    *slot.mutable_start_time() = start;
    *slot.mutable_end_time() = start + TimeUtil::HoursToDuration(2);
    slot.set_capacity(kCapacity);
    status = stub->BatchCreateSlots(&slot_context, slot_request, &created_slots);
  }
  if (!status.ok()) {
    std::fprintf(stderr, "creating the hot slot failed: %s\n", status.error_message().c_str());
    return std::nullopt;
  }
  return created_slots.slots(0).id();
}

}  // namespace

int main(int argc, char** argv) {
  auto settings = mercato::bench::ParseHotRowArgs(argc, argv);
  if (!settings) return 2;
  auto const slot_id = CreateHotSlot(*settings);
  if (!slot_id) return 1;
  return mercato::bench::RunHotRow(*settings, "BookSlot", [&](std::shared_ptr<grpc::Channel> channel) {
    auto stub = std::shared_ptr(mercato::v1::DeliveryService::NewStub(std::move(channel)));
    mercato::v1::BookSlotRequest request;
    request.set_slot_id(*slot_id);
    return [stub, request](grpc::ClientContext& context, std::string const& request_id) mutable {
      request.set_request_id(request_id);
      request.set_order_id(request_id);  // a new order per call
      mercato::v1::BookSlotResponse response;
      return stub->BookSlot(&context, request, &response);
    };
  });
}
