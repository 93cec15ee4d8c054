// PlaceOrder end to end against a running mercatod: staff set up one product stocked at a zone's
// stock location and one slot with room for every run, then each client of hot_row_load.h is a
// customer of its own with one cart; per call it puts one unit in the cart (GetCart + AddCartLine,
// untimed) and checks out (PlaceOrder, timed: stock reserved, slot booked, order written,
// payment authorized on the built-in test provider, cart emptied). bench/orders/run.sh runs it
// next to pgbench running the same SQL.
//
//   MERCATO_SERVICE_TOKEN=<token> place_order_bench <host:port> [clients=16] [seconds=10]
#include <google/protobuf/util/time_util.h>

#include "bench/cpp/hot_row_load.h"
#include "mercato/v1/catalog.grpc.pb.h"
#include "mercato/v1/delivery.grpc.pb.h"
#include "mercato/v1/inventory.grpc.pb.h"
#include "mercato/v1/orders.grpc.pb.h"
#include "mercato/v1/users.grpc.pb.h"

namespace {

using google::protobuf::util::TimeUtil;
using mercato::bench::Clock;
using mercato::bench::HotRowSettings;
namespace v1 = mercato::v1;

constexpr char kLocation[] = "dc-bench";
constexpr char kPassword[] = "correct horse battery staple";
// The most one adjustment and one slot may hold (inventory_rules.h, slot_rules.h): more than a run orders.
constexpr std::int64_t kUnits = 1'000'000;
constexpr int kCapacity = 1'000'000;

// Calls `method` of `stub` with `token` (empty: none); false after printing what failed.
template <typename Stub, typename Request, typename Response>
bool Call(char const* what, Stub& stub,
          grpc::Status (Stub::*method)(grpc::ClientContext*, Request const&, Response*),
          Request const& request, Response& response, std::string const& token) {
  grpc::ClientContext context;
  if (!token.empty()) context.AddMetadata("authorization", "Bearer " + token);
  auto const status = (stub.*method)(&context, request, &response);
  if (!status.ok()) std::fprintf(stderr, "%s failed: %s\n", what, status.error_message().c_str());
  return status.ok();
}

struct Shop {
  std::string sku;
  std::string slot_id;
};

// The product, its stock, the zone and the slot, made by staff.
std::optional<Shop> SetUpShop(HotRowSettings const& settings) {
  auto const channel = mercato::bench::OwnChannel(settings.address);
  auto catalog = v1::CatalogService::NewStub(channel);
  auto inventory = v1::InventoryService::NewStub(channel);
  auto delivery = v1::DeliveryService::NewStub(channel);
  auto const run = std::to_string(Clock::now().time_since_epoch().count() % 1'000'000'000);
  Shop shop{"BENCH-" + run, ""};

  v1::CreateCategoryRequest category_request;
  category_request.mutable_category()->set_name("Bench " + run);
  v1::CreateCategoryResponse category;
  if (!Call("CreateCategory", *catalog, &v1::CatalogService::Stub::CreateCategory, category_request, category,
            settings.token)) {
    return std::nullopt;
  }
  v1::CreateProductRequest product_request;
  auto& product = *product_request.mutable_product();
  product.set_name("Bench oats " + run);
  product.set_category_id(category.category().id());
  product.set_status(v1::PRODUCT_STATUS_ACTIVE);
  auto& variant = *product.add_variants();
  variant.set_sku(shop.sku);
  variant.set_name("1 kg");
  variant.mutable_price()->set_currency_code("GBP");
  variant.mutable_price()->set_amount_minor(250);
  v1::CreateProductResponse created_product;
  if (!Call("CreateProduct", *catalog, &v1::CatalogService::Stub::CreateProduct, product_request, created_product,
            settings.token)) {
    return std::nullopt;
  }
  v1::AdjustStockRequest stock;
  stock.set_sku(shop.sku);
  stock.set_location_id(kLocation);
  stock.set_delta(kUnits);
  stock.set_kind(v1::MOVEMENT_KIND_RECEIPT);
  stock.set_reason("bench stock");
  v1::AdjustStockResponse stocked;
  if (!Call("AdjustStock", *inventory, &v1::InventoryService::Stub::AdjustStock, stock, stocked, settings.token)) {
    return std::nullopt;
  }
  v1::CreateZoneRequest zone_request;
  auto& zone = *zone_request.mutable_zone();
  zone.set_name("Bench " + run);
  zone.add_postcodes("N1*");
  zone.set_active(true);
  zone.set_stock_location_id(kLocation);
  zone.mutable_delivery_fee()->set_currency_code("GBP");
  zone.mutable_delivery_fee()->set_amount_minor(399);
  v1::CreateZoneResponse created_zone;
  if (!Call("CreateZone", *delivery, &v1::DeliveryService::Stub::CreateZone, zone_request, created_zone,
            settings.token)) {
    return std::nullopt;
  }
  v1::BatchCreateSlotsRequest slot_request;
  auto& slot = *slot_request.add_slots();
  slot.set_zone_id(created_zone.zone().id());
  auto const start = TimeUtil::GetCurrentTime() + TimeUtil::HoursToDuration(48);
  *slot.mutable_start_time() = start;
  *slot.mutable_end_time() = start + TimeUtil::HoursToDuration(2);
  slot.set_capacity(kCapacity);
  v1::BatchCreateSlotsResponse slots;
  if (!Call("BatchCreateSlots", *delivery, &v1::DeliveryService::Stub::BatchCreateSlots, slot_request, slots,
            settings.token)) {
    return std::nullopt;
  }
  shop.slot_id = slots.slots(0).id();
  return shop;
}

// A new customer signed in, with an empty cart: their session token and the cart's id.
std::optional<std::pair<std::string, std::string>> SignUp(std::shared_ptr<grpc::Channel> const& channel,
                                                          std::string const& email) {
  auto users = v1::UserService::NewStub(channel);
  auto orders = v1::OrderService::NewStub(channel);
  v1::RegisterRequest registration;
  registration.set_email(email);
  registration.set_password(kPassword);
  v1::RegisterResponse registered;
  if (!Call("Register", *users, &v1::UserService::Stub::Register, registration, registered, "")) return std::nullopt;
  v1::LoginRequest login;
  login.set_email(email);
  login.set_password(kPassword);
  v1::LoginResponse session;
  if (!Call("Login", *users, &v1::UserService::Stub::Login, login, session, "")) return std::nullopt;
  v1::CreateCartResponse cart;
  if (!Call("CreateCart", *orders, &v1::OrderService::Stub::CreateCart, v1::CreateCartRequest{}, cart,
            session.session_token())) {
    return std::nullopt;
  }
  return std::pair{session.session_token(), cart.cart().id()};
}

}  // namespace

int main(int argc, char** argv) {
  auto settings = mercato::bench::ParseHotRowArgs(argc, argv);
  if (!settings) return 2;
  auto const shop = SetUpShop(*settings);
  if (!shop) return 1;
  auto const run = std::to_string(Clock::now().time_since_epoch().count());
  return mercato::bench::RunHotRow(*settings, "PlaceOrder", [&](std::shared_ptr<grpc::Channel> channel, int client) {
    auto customer = SignUp(channel, "bench-" + run + "-" + std::to_string(client) + "@example.com");
    if (!customer) return std::optional<mercato::bench::HotClient>();
    auto stub = std::shared_ptr(v1::OrderService::NewStub(std::move(channel)));
    auto const [token, cart_id] = *customer;
    // The cart's version after the last AddCartLine: the one PlaceOrder expects.
    auto version = std::make_shared<std::int64_t>(0);
    auto prepare = [stub, cart_id, token, version, sku = shop->sku](std::string const& request_id) {
      v1::GetCartRequest get;
      get.set_cart_id(cart_id);
      v1::GetCartResponse current;
      if (!Call("GetCart", *stub, &v1::OrderService::Stub::GetCart, get, current, token)) {
        return grpc::Status(grpc::StatusCode::UNKNOWN, "GetCart failed");
      }
      v1::AddCartLineRequest add;
      add.set_request_id(request_id);
      add.set_cart_id(cart_id);
      add.set_expected_version(current.cart().version());
      add.set_sku(sku);
      add.set_quantity(1);
      v1::AddCartLineResponse added;
      if (!Call("AddCartLine", *stub, &v1::OrderService::Stub::AddCartLine, add, added, token)) {
        return grpc::Status(grpc::StatusCode::UNKNOWN, "AddCartLine failed");
      }
      *version = added.cart().version();
      return grpc::Status::OK;
    };
    v1::PlaceOrderRequest checkout;
    checkout.set_cart_id(cart_id);
    checkout.set_delivery_slot_id(shop->slot_id);
    checkout.set_payment_provider("test");
    checkout.set_payment_method_token("tok_visa");
    auto& address = *checkout.mutable_address();
    address.set_recipient_name("Bench Shopper");
    address.set_line1("1 Bench Street");
    address.set_city("London");
    address.set_postcode("N1 9GU");
    address.set_country_code("GB");
    auto call = [stub, checkout, version](grpc::ClientContext& context, std::string const& request_id) mutable {
      checkout.set_request_id(request_id);
      checkout.set_expected_cart_version(*version);
      v1::PlaceOrderResponse placed;
      auto status = stub->PlaceOrder(&context, checkout, &placed);
      if (status.ok() && placed.order().status() != v1::ORDER_STATUS_PENDING) {
        return grpc::Status(grpc::StatusCode::INTERNAL, "the order was not placed PENDING");
      }
      return status;
    };
    return std::optional<mercato::bench::HotClient>({prepare, call, token});
  });
}
