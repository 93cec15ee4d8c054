// A shop for service tests of checkout and the order lifecycle: two dairy products stocked at the
// zone's stock location, a zone delivering SW1A with a 10.00 GBP minimum and a 3.99 fee, a slot of
// five, a signed-in shopper; and the calls these tests make on them. Both adapter sets.
#pragma once

#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "mercato/v1/catalog.grpc.pb.h"
#include "mercato/v1/delivery.grpc.pb.h"
#include "mercato/v1/inventory.grpc.pb.h"
#include "mercato/v1/orders.grpc.pb.h"
#include "mercato/v1/payments.grpc.pb.h"
#include "tests/server/service/service_fixture.h"

namespace mercato::testing {

using google::protobuf::util::TimeUtil;

inline constexpr std::int64_t kHourUs = 3600LL * 1000000;
inline constexpr char kLocation[] = "dc1";

class ShopServiceTest : public ServiceTest {
 protected:
  void Configure(server::Config& config) override {
    config.user_rate_burst = 100000;
    config.anonymous_rate_burst = 100000;
    config.checkout_retry_after = std::chrono::milliseconds(200);
    config.payment_reconcile_interval = std::chrono::milliseconds(50);
  }
  void SetUp() override {
    ServiceTest::SetUp();
    catalog_ = v1::CatalogService::NewStub(Channel());
    delivery_ = v1::DeliveryService::NewStub(Channel());
    inventory_ = v1::InventoryService::NewStub(Channel());
    orders_ = v1::OrderService::NewStub(Channel());
    payments_ = v1::PaymentService::NewStub(Channel());
    v1::CreateCategoryRequest category;
    category.mutable_category()->set_name("Dairy");
    v1::CreateCategoryResponse created;
    ASSERT_TRUE(catalog_->CreateCategory(StaffContext().get(), category, &created).ok());
    category_id_ = created.category().id();
    MakeProduct("Whole milk", "MILK-1L", 650);
    MakeProduct("Butter", "BUTTER-250", 300);
    Receive("MILK-1L", 10);
    Receive("BUTTER-250", 10);
    zone_ = MakeZone("Westminster", "SW1A*", 1000);
    slot_ = MakeSlot(zone_.id(), 5);
    shopper_ = SignUpCustomer("shopper@example.com");
  }

  void MakeProduct(std::string const& name, std::string const& sku, std::int64_t minor) {
    auto request = OneVariantProduct(name, category_id_, sku, minor);
    v1::CreateProductResponse response;
    auto status = catalog_->CreateProduct(StaffContext().get(), request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  void Receive(std::string const& sku, std::int64_t units) {
    v1::AdjustStockRequest request;
    request.set_sku(sku);
    request.set_location_id(kLocation);
    request.set_delta(units);
    request.set_kind(v1::MOVEMENT_KIND_RECEIPT);
    request.set_reason("delivery note");
    request.set_expected_version(Stock(sku).version());
    v1::AdjustStockResponse response;
    auto status = inventory_->AdjustStock(StaffContext().get(), request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  v1::StockItem Stock(std::string const& sku) {
    v1::GetStockRequest request;
    request.set_sku(sku);
    request.set_location_id(kLocation);
    v1::GetStockResponse response;
    grpc::ClientContext context;
    EXPECT_TRUE(inventory_->GetStock(&context, request, &response).ok());
    return response.stock_item();
  }
  v1::Zone MakeZone(std::string const& name, std::string const& postcode, std::int64_t min_order_minor) {
    v1::CreateZoneRequest request;
    auto& zone = *request.mutable_zone();
    zone.set_name(name);
    zone.add_postcodes(postcode);
    zone.mutable_delivery_fee()->set_amount_minor(399);
    zone.mutable_delivery_fee()->set_currency_code("GBP");
    zone.mutable_min_order()->set_amount_minor(min_order_minor);
    zone.mutable_min_order()->set_currency_code("GBP");
    zone.set_active(true);
    zone.set_time_zone("Europe/London");
    zone.set_stock_location_id(kLocation);
    v1::CreateZoneResponse response;
    auto status = delivery_->CreateZone(StaffContext().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.zone();
  }
  v1::Slot MakeSlot(std::string const& zone_id, int capacity, std::int64_t hours_ahead = 24) {
    auto const start = TimeUtil::TimestampToMicroseconds(TimeUtil::GetCurrentTime()) + hours_ahead * kHourUs;
    v1::BatchCreateSlotsRequest request;
    auto& slot = *request.add_slots();
    slot.set_zone_id(zone_id);
    *slot.mutable_start_time() = TimeUtil::MicrosecondsToTimestamp(start);
    *slot.mutable_end_time() = TimeUtil::MicrosecondsToTimestamp(start + 2 * kHourUs);
    slot.set_capacity(capacity);
    v1::BatchCreateSlotsResponse response;
    auto status = delivery_->BatchCreateSlots(StaffContext().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.slots_size() == 1 ? response.slots(0) : v1::Slot();
  }
  v1::Slot Slot(std::string const& id) {
    v1::GetSlotRequest request;
    request.set_slot_id(id);
    v1::GetSlotResponse response;
    grpc::ClientContext context;
    EXPECT_TRUE(delivery_->GetSlot(&context, request, &response).ok());
    return response.slot();
  }

  // A cart of `token`'s with the given lines.
  v1::Cart FilledCart(std::string const& token, std::vector<std::pair<std::string, int>> const& lines) {
    v1::CreateCartRequest create;
    v1::CreateCartResponse created;
    auto status = orders_->CreateCart(As(token).get(), create, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    v1::Cart cart = created.cart();
    for (auto const& [sku, quantity] : lines) {
      v1::AddCartLineRequest add;
      add.set_cart_id(cart.id());
      add.set_expected_version(cart.version());
      add.set_sku(sku);
      add.set_quantity(quantity);
      v1::AddCartLineResponse added;
      status = orders_->AddCartLine(As(token).get(), add, &added);
      EXPECT_TRUE(status.ok()) << status.error_message();
      cart = added.cart();
    }
    return cart;
  }
  v1::Cart GetCart(std::string const& token, std::string const& cart_id) {
    v1::GetCartRequest request;
    request.set_cart_id(cart_id);
    v1::GetCartResponse response;
    EXPECT_TRUE(orders_->GetCart(As(token).get(), request, &response).ok());
    return response.cart();
  }

  static v1::PlaceOrderRequest Checkout(v1::Cart const& cart, std::string const& slot_id, std::string const& card,
                                        std::string const& request_id, std::string const& postcode = "SW1A 1AA") {
    v1::PlaceOrderRequest request;
    request.set_request_id(request_id);
    request.set_cart_id(cart.id());
    request.set_expected_cart_version(cart.version());
    auto& address = *request.mutable_address();
    address.set_recipient_name("Alex Shopper");
    address.set_line1("1 Example Street");
    address.set_city("London");
    address.set_postcode(postcode);
    address.set_country_code("GB");
    request.set_delivery_slot_id(slot_id);
    request.set_payment_provider("test");
    request.set_payment_method_token(card);
    return request;
  }
  // PlaceOrder as `token`; `reason` gets the ErrorInfo reason of a failure.
  grpc::Status Place(std::string const& token, v1::PlaceOrderRequest const& request, v1::Order* order,
                     std::string* reason = nullptr, std::map<std::string, std::string>* metadata = nullptr) {
    auto context = As(token);
    v1::PlaceOrderResponse response;
    auto status = orders_->PlaceOrder(context.get(), request, &response);
    if (order) *order = response.order();
    auto const info = ErrorInfoOf(*context);
    if (reason) *reason = info.reason();
    if (metadata) metadata->insert(info.metadata().begin(), info.metadata().end());
    return status;
  }
  v1::HoldSlotResponse Hold(v1::Cart const& cart, std::string const& slot_id) {
    v1::HoldSlotRequest request;
    request.set_slot_id(slot_id);
    request.set_cart_id(cart.id());
    v1::HoldSlotResponse response;
    auto status = delivery_->HoldSlot(As(shopper_.token).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }
  v1::SlotHold HoldNow(std::string const& hold_id) {
    v1::GetSlotHoldRequest request;
    request.set_hold_id(hold_id);
    v1::GetSlotHoldResponse response;
    EXPECT_TRUE(delivery_->GetSlotHold(As(shopper_.token).get(), request, &response).ok());
    return response.hold();
  }
  std::vector<v1::Payment> PaymentsOf(std::string const& order_id) {
    v1::ListPaymentsRequest request;
    request.set_order_id(order_id);
    v1::ListPaymentsResponse response;
    auto status = payments_->ListPayments(StaffContext().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {response.payments().begin(), response.payments().end()};
  }
  std::vector<v1::Order> OrdersSeenBy(std::string const& token) {
    v1::ListOrdersRequest request;
    v1::ListOrdersResponse response;
    auto status = orders_->ListOrders(As(token).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {response.orders().begin(), response.orders().end()};
  }
  // Nothing of a refused checkout is held: no stock reserved, the slot as `booked` says.
  void ExpectNothingHeld(int booked) {
    EXPECT_EQ(Stock("MILK-1L").reserved(), 0);
    EXPECT_EQ(Stock("BUTTER-250").reserved(), 0);
    EXPECT_EQ(Slot(slot_.id()).booked(), booked);
    EXPECT_EQ(Slot(slot_.id()).held(), 0);
  }

  std::unique_ptr<v1::CatalogService::Stub> catalog_;
  std::unique_ptr<v1::DeliveryService::Stub> delivery_;
  std::unique_ptr<v1::InventoryService::Stub> inventory_;
  std::unique_ptr<v1::OrderService::Stub> orders_;
  std::unique_ptr<v1::PaymentService::Stub> payments_;
  std::string category_id_;
  v1::Zone zone_;
  v1::Slot slot_;
  SignedInCustomer shopper_;
};

}  // namespace mercato::testing
