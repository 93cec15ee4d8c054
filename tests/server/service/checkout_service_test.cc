// Checkout (PlaceOrder) on both adapter sets: all or nothing. A placed order holds its stock at
// the zone's stock location, one unit of its slot and an authorized payment, and empties the cart;
// a refused or declined checkout holds nothing and leaves the cart as it was; a retry returns the
// same order and charges once; a lost provider answer is finished by the recovery worker.
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include <chrono>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "mercato/v1/catalog.grpc.pb.h"
#include "mercato/v1/delivery.grpc.pb.h"
#include "mercato/v1/inventory.grpc.pb.h"
#include "mercato/v1/orders.grpc.pb.h"
#include "mercato/v1/payments.grpc.pb.h"
#include "tests/server/service/shop_fixture.h"

namespace mercato::testing {
namespace {

class CheckoutServiceTest : public ShopServiceTest {};

TEST_P(CheckoutServiceTest, APlacedOrderHoldsStockSlotAndPaymentAndEmptiesTheCart) {
  auto const cart = FilledCart(shopper_.token, {{"MILK-1L", 2}, {"BUTTER-250", 1}});
  v1::Order order;
  auto status = Place(shopper_.token, Checkout(cart, slot_.id(), "tok_visa", "checkout-1"), &order);
  ASSERT_TRUE(status.ok()) << status.error_message();

  EXPECT_EQ(order.status(), v1::ORDER_STATUS_PENDING);
  EXPECT_TRUE(std::regex_match(order.number(), std::regex(R"(M-\d{4}-\d{6})"))) << order.number();
  EXPECT_EQ(order.user_id(), shopper_.user_id);
  ASSERT_EQ(order.items_size(), 2);
  EXPECT_EQ(order.items(0).sku(), "MILK-1L");
  EXPECT_EQ(order.items(0).line_total().amount_minor(), 1300);
  EXPECT_EQ(order.subtotal().amount_minor(), 1600);
  EXPECT_EQ(order.delivery_fee().amount_minor(), 399);
  EXPECT_EQ(order.total().amount_minor(), 1999);
  EXPECT_EQ(order.total().currency_code(), "GBP");
  EXPECT_EQ(order.shipping_address().postcode(), "SW1A 1AA");
  EXPECT_EQ(order.delivery_slot_id(), slot_.id());
  ASSERT_EQ(order.status_history_size(), 1);
  EXPECT_EQ(order.status_history(0).to_status(), v1::ORDER_STATUS_PENDING);
  EXPECT_EQ(order.status_history(0).actor(), shopper_.user_id);

  EXPECT_EQ(Stock("MILK-1L").reserved(), 2) << "reserved at the zone's stock location";
  EXPECT_EQ(Stock("BUTTER-250").reserved(), 1);
  EXPECT_EQ(Slot(slot_.id()).booked(), 1);
  auto const payments = PaymentsOf(order.id());
  ASSERT_EQ(payments.size(), 1u);
  EXPECT_EQ(payments[0].id(), order.payment_id());
  EXPECT_EQ(payments[0].status(), v1::PAYMENT_STATUS_AUTHORIZED);
  EXPECT_EQ(payments[0].amount().amount_minor(), 1999);
  EXPECT_TRUE(GetCart(shopper_.token, cart.id()).lines().empty()) << "the cart is emptied once the order stands";

  v1::GetOrderRequest get;
  get.set_order_id(order.id());
  v1::GetOrderResponse got;
  ASSERT_TRUE(orders_->GetOrder(As(shopper_.token).get(), get, &got).ok());
  EXPECT_EQ(got.order().number(), order.number());
  ASSERT_EQ(OrdersSeenBy(shopper_.token).size(), 1u);

  // Another customer: exactly like an order that does not exist.
  auto const other = SignUpCustomer("other@example.com");
  auto context = As(other.token);
  auto const hidden = orders_->GetOrder(context.get(), get, &got);
  EXPECT_EQ(hidden.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(hidden.error_message(), "order '" + order.id() + "' does not exist") << "exactly like a missing one";
  EXPECT_TRUE(OrdersSeenBy(other.token).empty());
  v1::GetOrderStatusHistoryResponse history;
  v1::GetOrderStatusHistoryRequest history_request;
  history_request.set_order_id(order.id());
  ASSERT_TRUE(orders_->GetOrderStatusHistory(StaffContext().get(), history_request, &history).ok());
  EXPECT_EQ(history.status_history_size(), 1);
  EXPECT_EQ(history.order_version(), order.version());
}

TEST_P(CheckoutServiceTest, TheReviewedTotalIsChargedOrNothing) {
  auto const cart = FilledCart(shopper_.token, {{"MILK-1L", 2}});
  auto request = Checkout(cart, slot_.id(), "tok_visa", "reviewed-total");
  request.mutable_expected_total()->set_amount_minor(1699);
  request.mutable_expected_total()->set_currency_code("GBP");
  v1::Order order;
  auto status = Place(shopper_.token, request, &order);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(order.total().amount_minor(), 1699);
}

TEST_P(CheckoutServiceTest, ARetriedCheckoutReturnsTheSameOrderAndChargesOnce) {
  auto const cart = FilledCart(shopper_.token, {{"MILK-1L", 2}});
  auto const request = Checkout(cart, slot_.id(), "tok_visa", "checkout-retry");
  v1::Order first, second;
  ASSERT_TRUE(Place(shopper_.token, request, &first).ok());
  auto status = Place(shopper_.token, request, &second);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(second.id(), first.id());
  EXPECT_EQ(second.number(), first.number());
  EXPECT_EQ(PaymentsOf(first.id()).size(), 1u);
  EXPECT_EQ(Stock("MILK-1L").reserved(), 2);
  EXPECT_EQ(Slot(slot_.id()).booked(), 1);

  auto changed = request;
  changed.set_payment_method_token("tok_mastercard");
  std::string reason;
  EXPECT_EQ(Place(shopper_.token, changed, nullptr, &reason).error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(reason, "IDEMPOTENCY_KEY_REUSED");
}

TEST_P(CheckoutServiceTest, ADeclinedCardKeepsNothingAndTheCartStays) {
  auto const cart = FilledCart(shopper_.token, {{"MILK-1L", 2}});
  auto const request = Checkout(cart, slot_.id(), "tok_chargeDeclined", "checkout-declined");
  std::string reason;
  std::map<std::string, std::string> metadata;
  auto status = Place(shopper_.token, request, nullptr, &reason, &metadata);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(reason, "PAYMENT_DECLINED");
  EXPECT_EQ(metadata["failure_reason"], "card_declined");
  ExpectNothingHeld(0);
  EXPECT_EQ(GetCart(shopper_.token, cart.id()).lines_size(), 1) << "the cart is kept for another try";
  EXPECT_TRUE(OrdersSeenBy(shopper_.token).empty());

  // The same request answers the same; a new one with another card goes through.
  reason.clear();
  EXPECT_EQ(Place(shopper_.token, request, nullptr, &reason).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(reason, "PAYMENT_DECLINED");
  v1::Order order;
  status = Place(shopper_.token, Checkout(cart, slot_.id(), "tok_visa", "checkout-second-card"), &order);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(order.status(), v1::ORDER_STATUS_PENDING);
  EXPECT_EQ(Stock("MILK-1L").reserved(), 2);
}

TEST_P(CheckoutServiceTest, EveryRefusalNamesItsReasonAndHoldsNothing) {
  auto const cart = FilledCart(shopper_.token, {{"MILK-1L", 2}});
  struct Case {
    std::string name;
    v1::PlaceOrderRequest request;
    grpc::StatusCode code;
    std::string reason;
  };
  auto short_cart = FilledCart(shopper_.token, {{"MILK-1L", 11}});
  auto small_cart = FilledCart(shopper_.token, {{"BUTTER-250", 1}});
  auto empty_cart = FilledCart(shopper_.token, {});
  auto const elsewhere = MakeZone("Elsewhere", "ZZ9*", 0);
  auto const elsewhere_slot = MakeSlot(elsewhere.id(), 5);
  auto const full = MakeSlot(zone_.id(), 1, 26);
  auto const other = SignUpCustomer("other@example.com");
  auto const taken = FilledCart(other.token, {{"BUTTER-250", 4}});
  ASSERT_TRUE(Place(other.token, Checkout(taken, full.id(), "tok_visa", "take-the-slot"), nullptr).ok());

  auto stale = Checkout(cart, slot_.id(), "tok_visa", "stale");
  stale.set_expected_cart_version(cart.version() - 1);
  auto no_key = Checkout(cart, slot_.id(), "tok_visa", "");
  auto other_provider = Checkout(cart, slot_.id(), "tok_visa", "provider");
  other_provider.set_payment_provider("adyen");
  // 2 x 6.50 + 3.99 delivery is 16.99 now; the customer reviewed 16.49.
  auto repriced = Checkout(cart, slot_.id(), "tok_visa", "repriced");
  repriced.mutable_expected_total()->set_amount_minor(1649);
  repriced.mutable_expected_total()->set_currency_code("GBP");
  std::vector<Case> const cases = {
      {"short stock", Checkout(short_cart, slot_.id(), "tok_visa", "short"), grpc::StatusCode::FAILED_PRECONDITION,
       "OUT_OF_STOCK"},
      {"full slot", Checkout(cart, full.id(), "tok_visa", "full"), grpc::StatusCode::FAILED_PRECONDITION, "SLOT_FULL"},
      {"address not served", Checkout(cart, slot_.id(), "tok_visa", "nowhere", "AB1 2CD"), grpc::StatusCode::NOT_FOUND,
       "ADDRESS_NOT_SERVED"},
      {"below minimum", Checkout(small_cart, slot_.id(), "tok_visa", "small"), grpc::StatusCode::FAILED_PRECONDITION,
       "BELOW_MINIMUM_ORDER"},
      {"slot of another zone", Checkout(cart, elsewhere_slot.id(), "tok_visa", "zone"),
       grpc::StatusCode::FAILED_PRECONDITION, "SLOT_NOT_IN_ZONE"},
      {"empty cart", Checkout(empty_cart, slot_.id(), "tok_visa", "empty"), grpc::StatusCode::FAILED_PRECONDITION,
       "CART_EMPTY"},
      {"stale cart", stale, grpc::StatusCode::ABORTED, "VERSION_MISMATCH"},
      {"price changed since review", repriced, grpc::StatusCode::ABORTED, "PRICE_CHANGED"},
      {"no request_id", no_key, grpc::StatusCode::INVALID_ARGUMENT, "FIELD_INVALID"},
      {"another provider", other_provider, grpc::StatusCode::INVALID_ARGUMENT, "FIELD_INVALID"},
      {"another customer's cart", Checkout(taken, slot_.id(), "tok_visa", "not-mine"), grpc::StatusCode::NOT_FOUND,
       "NOT_FOUND"},
  };
  auto const booked_before = Slot(slot_.id()).booked();
  auto const butter_reserved = Stock("BUTTER-250").reserved();
  for (auto const& c : cases) {
    std::string reason;
    std::map<std::string, std::string> metadata;
    auto status = Place(shopper_.token, c.request, nullptr, &reason, &metadata);
    EXPECT_EQ(status.error_code(), c.code) << c.name << ": " << status.error_message();
    EXPECT_EQ(reason, c.reason) << c.name;
    EXPECT_FALSE(status.error_message().empty()) << c.name;
    if (c.reason == "OUT_OF_STOCK") {
      EXPECT_EQ(metadata["MILK-1L@dc1"], "10") << "names the short line and what is left";
    }
  }
  EXPECT_EQ(Stock("MILK-1L").reserved(), 0);
  EXPECT_EQ(Stock("BUTTER-250").reserved(), butter_reserved);
  EXPECT_EQ(Slot(slot_.id()).booked(), booked_before);
  EXPECT_EQ(Slot(full.id()).booked(), 1);
  EXPECT_TRUE(OrdersSeenBy(shopper_.token).empty());
  EXPECT_EQ(GetCart(shopper_.token, cart.id()).version(), cart.version()) << "a refused checkout leaves the cart";
}

TEST_P(CheckoutServiceTest, TheCartsHoldBecomesTheBookingAndADeclineGivesItBack) {
  auto const last_place = MakeSlot(zone_.id(), 1, 28);
  auto const cart = FilledCart(shopper_.token, {{"MILK-1L", 2}});
  auto const held = Hold(cart, last_place.id());
  EXPECT_EQ(held.slot().remaining(), 0) << "the hold takes the last place";

  std::string reason;
  EXPECT_FALSE(Place(shopper_.token, Checkout(cart, last_place.id(), "tok_chargeDeclined", "declined"), nullptr,
                     &reason).ok());
  EXPECT_EQ(reason, "PAYMENT_DECLINED");
  EXPECT_EQ(Slot(last_place.id()).held(), 1) << "a declined card leaves the customer their slot";
  EXPECT_EQ(Slot(last_place.id()).booked(), 0);
  EXPECT_EQ(HoldNow(held.hold().id()).state(), v1::SLOT_HOLD_STATE_ACTIVE);

  v1::Order order;
  auto status = Place(shopper_.token, Checkout(cart, last_place.id(), "tok_visa", "from-hold"), &order);
  ASSERT_TRUE(status.ok()) << status.error_message();
  auto const slot = Slot(last_place.id());
  EXPECT_EQ(slot.booked(), 1);
  EXPECT_EQ(slot.held(), 0) << "the hold became the booking, not a second unit";
  EXPECT_EQ(HoldNow(held.hold().id()).state(), v1::SLOT_HOLD_STATE_BOOKED);
  EXPECT_EQ(HoldNow(held.hold().id()).booking_id(), order.slot_booking_id());
}

TEST_P(CheckoutServiceTest, CheckingOutOnAnotherSlotGivesTheCartsHoldBack) {
  auto const held_slot = MakeSlot(zone_.id(), 3, 28);
  auto const cart = FilledCart(shopper_.token, {{"MILK-1L", 2}});
  auto const held = Hold(cart, held_slot.id());
  ASSERT_TRUE(Place(shopper_.token, Checkout(cart, slot_.id(), "tok_visa", "other-slot"), nullptr).ok());
  EXPECT_EQ(Slot(held_slot.id()).held(), 0);
  EXPECT_EQ(HoldNow(held.hold().id()).state(), v1::SLOT_HOLD_STATE_RELEASED);
  EXPECT_EQ(Slot(slot_.id()).booked(), 1);
}

TEST_P(CheckoutServiceTest, OneCartIsCheckedOutOnceWhateverTheRequestIds) {
  auto const cart = FilledCart(shopper_.token, {{"MILK-1L", 1}, {"BUTTER-250", 2}});
  constexpr int kClicks = 8;
  std::vector<std::thread> clicks;
  std::vector<grpc::Status> statuses(kClicks);
  std::vector<v1::Order> orders(kClicks);
  for (int i = 0; i < kClicks; ++i) {
    clicks.emplace_back([&, i] {
      statuses[static_cast<std::size_t>(i)] =
          Place(shopper_.token, Checkout(cart, slot_.id(), "tok_visa", "click-" + std::to_string(i)),
                &orders[static_cast<std::size_t>(i)]);
    });
  }
  for (auto& click : clicks) click.join();
  int placed = 0;
  for (auto const& status : statuses) {
    if (status.ok()) {
      ++placed;
    } else {
      EXPECT_TRUE(status.error_code() == grpc::StatusCode::ABORTED ||
                  status.error_code() == grpc::StatusCode::FAILED_PRECONDITION)
          << status.error_message();
    }
  }
  EXPECT_EQ(placed, 1) << "one reviewed cart makes one order";
  EXPECT_EQ(OrdersSeenBy(shopper_.token).size(), 1u);
  EXPECT_EQ(Stock("MILK-1L").reserved(), 1);
  EXPECT_EQ(Slot(slot_.id()).booked(), 1);
}

TEST_P(CheckoutServiceTest, ALostProviderAnswerIsFinishedByTheRecoveryWorker) {
  auto const cart = FilledCart(shopper_.token, {{"MILK-1L", 3}});
  auto const request = Checkout(cart, slot_.id(), "tok_mercatoLostAnswer", "checkout-lost");
  std::string reason;
  auto status = Place(shopper_.token, request, nullptr, &reason);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << status.error_message();
  EXPECT_EQ(reason, "PAYMENT_OUTCOME_UNKNOWN");
  EXPECT_EQ(Stock("MILK-1L").reserved(), 3) << "the holds stay while the payment's outcome is unknown";
  EXPECT_EQ(Slot(slot_.id()).booked(), 1);
  EXPECT_TRUE(OrdersSeenBy(shopper_.token).empty()) << "not an order until it is placed";

  // Another checkout of the same cart, with a new request_id and another card, waits for this one.
  std::string second_reason;
  EXPECT_EQ(Place(shopper_.token, Checkout(cart, slot_.id(), "tok_visa", "checkout-again"), nullptr, &second_reason)
                .error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(second_reason, "CHECKOUT_IN_PROGRESS");

  // Nobody retries: the worker asks the provider again with the same key and places the order.
  std::vector<v1::Order> orders;
  for (int i = 0; i < 200 && orders.empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    orders = OrdersSeenBy(shopper_.token);
  }
  ASSERT_EQ(orders.size(), 1u) << "the recovery worker placed the order";
  EXPECT_EQ(orders[0].status(), v1::ORDER_STATUS_PENDING);
  auto const payments = PaymentsOf(orders[0].id());
  ASSERT_EQ(payments.size(), 1u) << "one payment, never a second charge";
  EXPECT_EQ(payments[0].status(), v1::PAYMENT_STATUS_AUTHORIZED);
  EXPECT_TRUE(GetCart(shopper_.token, cart.id()).lines().empty());

  v1::Order replayed;
  status = Place(shopper_.token, request, &replayed);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(replayed.id(), orders[0].id());
  EXPECT_EQ(Stock("MILK-1L").reserved(), 3);
}

INSTANTIATE_TEST_SUITE_P(Backends, CheckoutServiceTest,
                         ::testing::Values(BackendKind::kEmbedded, BackendKind::kProduction), BackendName);

}  // namespace
}  // namespace mercato::testing
