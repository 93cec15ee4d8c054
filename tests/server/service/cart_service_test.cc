// Carts through OrderService on both adapter sets: priced from the catalog on every read (a price
// change shows at once; a SKU that leaves sale or is gone stays on the cart, flagged and out of the
// subtotal), owner-only (another customer's cart answers like a missing one), versioned and
// idempotent by request_id, and bad input refused with nothing written.
#include <gtest/gtest.h>

#include <string>

#include "mercato/v1/catalog.grpc.pb.h"
#include "mercato/v1/orders.grpc.pb.h"
#include "tests/server/service/service_fixture.h"

namespace mercato::testing {
namespace {

class CartServiceTest : public ServiceTest {
 protected:
  void Configure(server::Config& config) override {
    config.user_rate_burst = 100000;
    config.anonymous_rate_burst = 100000;
  }
  void SetUp() override {
    ServiceTest::SetUp();
    catalog_ = v1::CatalogService::NewStub(Channel());
    orders_ = v1::OrderService::NewStub(Channel());
    v1::CreateCategoryRequest request;
    request.mutable_category()->set_name("Dairy");
    v1::CreateCategoryResponse response;
    ASSERT_TRUE(catalog_->CreateCategory(StaffContext().get(), request, &response).ok());
    category_id_ = response.category().id();
    shopper_ = SignUpCustomer("shopper@example.com");
  }

  v1::Product MakeProduct(std::string const& name, std::string const& sku, std::int64_t minor,
                          std::string const& currency = "GBP") {
    auto request = OneVariantProduct(name, category_id_, sku, minor, currency);
    v1::CreateProductResponse response;
    auto status = catalog_->CreateProduct(StaffContext().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.product();
  }
  v1::Product Update(v1::Product product, std::string const& path) {
    v1::UpdateProductRequest request;
    request.set_expected_version(product.version());
    *request.mutable_product() = std::move(product);
    request.mutable_update_mask()->add_paths(path);
    v1::UpdateProductResponse response;
    auto status = catalog_->UpdateProduct(StaffContext().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.product();
  }

  v1::Cart NewCart(std::string const& token, std::string const& request_id, std::string const& currency = "") {
    v1::CreateCartRequest request;
    request.set_request_id(request_id);
    request.set_currency_code(currency);
    v1::CreateCartResponse response;
    auto status = orders_->CreateCart(As(token).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.cart();
  }
  grpc::Status Add(std::string const& token, v1::Cart const& cart, std::string const& sku, std::int64_t quantity,
                   std::string const& request_id, v1::Cart* out, grpc::ClientContext* context = nullptr) {
    v1::AddCartLineRequest request;
    request.set_request_id(request_id);
    request.set_cart_id(cart.id());
    request.set_expected_version(cart.version());
    request.set_sku(sku);
    request.set_quantity(quantity);
    v1::AddCartLineResponse response;
    auto own = As(token);
    auto status = orders_->AddCartLine(context ? context : own.get(), request, &response);
    if (out) *out = response.cart();
    return status;
  }
  grpc::Status Get(std::string const& token, std::string const& cart_id, v1::Cart* out) {
    v1::GetCartRequest request;
    request.set_cart_id(cart_id);
    v1::GetCartResponse response;
    auto status = orders_->GetCart(As(token).get(), request, &response);
    if (out) *out = response.cart();
    return status;
  }
  v1::Cart MustGet(std::string const& cart_id) {
    v1::Cart cart;
    auto status = Get(shopper_.token, cart_id, &cart);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return cart;
  }

  std::unique_ptr<v1::CatalogService::Stub> catalog_;
  std::unique_ptr<v1::OrderService::Stub> orders_;
  std::string category_id_;
  SignedInCustomer shopper_;
};

TEST_P(CartServiceTest, ACartIsPricedFromTheCatalogOnEveryRead) {
  auto milk = MakeProduct("Whole milk", "MILK-1L", 129);
  auto const oats = MakeProduct("Oat drink", "OAT-1L", 210);
  auto cart = NewCart(shopper_.token, "c-1");
  EXPECT_EQ(cart.currency_code(), "GBP") << "the store's default currency";
  EXPECT_EQ(cart.version(), 1);
  ASSERT_TRUE(Add(shopper_.token, cart, "MILK-1L", 2, "a-1", &cart).ok());
  ASSERT_TRUE(Add(shopper_.token, cart, "OAT-1L", 1, "a-2", &cart).ok());
  ASSERT_TRUE(Add(shopper_.token, cart, "MILK-1L", 1, "a-3", &cart).ok()) << "adds to the line";
  ASSERT_EQ(cart.lines_size(), 2);
  EXPECT_EQ(cart.lines(0).sku(), "MILK-1L");
  EXPECT_EQ(cart.lines(0).quantity(), 3);
  EXPECT_EQ(cart.lines(0).name(), "Whole milk, 1 l");
  EXPECT_EQ(cart.lines(0).product_id(), milk.id());
  EXPECT_EQ(cart.lines(0).line_total().amount_minor(), 387);
  EXPECT_EQ(cart.subtotal().amount_minor(), 387 + 210);
  EXPECT_EQ(cart.version(), 4);

  milk.mutable_variants(0)->mutable_price()->set_amount_minor(99);
  milk = Update(milk, "variants");
  EXPECT_EQ(MustGet(cart.id()).subtotal().amount_minor(), 3 * 99 + 210) << "the new price, at once";

  milk.set_status(v1::PRODUCT_STATUS_DRAFT);
  Update(milk, "status");
  auto const flagged = MustGet(cart.id());
  ASSERT_EQ(flagged.lines_size(), 2) << "kept, not dropped";
  EXPECT_EQ(flagged.lines(0).problem(), v1::CART_LINE_PROBLEM_NOT_FOR_SALE);
  EXPECT_FALSE(flagged.lines(0).has_line_total());
  EXPECT_EQ(flagged.lines(1).problem(), v1::CART_LINE_PROBLEM_UNSPECIFIED);
  EXPECT_EQ(flagged.subtotal().amount_minor(), 210) << "a flagged line is out of the subtotal";
  EXPECT_EQ(oats.status(), v1::PRODUCT_STATUS_ACTIVE);
}

TEST_P(CartServiceTest, AnotherCustomersCartAnswersLikeAMissingOne) {
  MakeProduct("Whole milk", "MILK-1L", 129);
  auto const cart = NewCart(shopper_.token, "c-1");
  auto const other = SignUpCustomer("other@example.com");
  v1::Cart seen;
  auto const theirs = Get(other.token, cart.id(), &seen);
  auto const missing = Get(other.token, "no-such-cart", &seen);
  EXPECT_EQ(theirs.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(theirs.error_message(), "cart '" + cart.id() + "' does not exist");
  EXPECT_EQ(Add(other.token, cart, "MILK-1L", 1, "x-1", nullptr).error_code(), grpc::StatusCode::NOT_FOUND);
  v1::Cart staff_view;
  v1::GetCartRequest request;
  request.set_cart_id(cart.id());
  v1::GetCartResponse response;
  EXPECT_EQ(orders_->GetCart(StaffContext().get(), request, &response).error_code(), grpc::StatusCode::NOT_FOUND)
      << "carts are their owner's only";
  EXPECT_EQ(MustGet(cart.id()).lines_size(), 0) << "nothing was added";
}

TEST_P(CartServiceTest, ChangesTakeTheCurrentVersionAndRepeatsChangeNothing) {
  MakeProduct("Whole milk", "MILK-1L", 129);
  auto const cart = NewCart(shopper_.token, "c-1");
  EXPECT_EQ(NewCart(shopper_.token, "c-1").id(), cart.id()) << "CreateCart is idempotent";
  v1::Cart first;
  ASSERT_TRUE(Add(shopper_.token, cart, "MILK-1L", 2, "a-1", &first).ok());
  v1::Cart repeat;
  ASSERT_TRUE(Add(shopper_.token, cart, "MILK-1L", 2, "a-1", &repeat).ok()) << "the same request again";
  EXPECT_EQ(repeat.lines(0).quantity(), 2);
  EXPECT_EQ(repeat.version(), first.version());

  auto const stale = As(shopper_.token);
  EXPECT_EQ(Add(shopper_.token, cart, "MILK-1L", 1, "a-2", nullptr, stale.get()).error_code(),
            grpc::StatusCode::ABORTED);
  EXPECT_EQ(ErrorInfoOf(*stale).reason(), "VERSION_MISMATCH");

  v1::UpdateCartLineRequest update;
  update.set_request_id("u-1");
  update.set_cart_id(cart.id());
  update.set_expected_version(first.version());
  update.set_sku("MILK-1L");
  update.set_quantity(0);
  v1::UpdateCartLineResponse updated;
  ASSERT_TRUE(orders_->UpdateCartLine(As(shopper_.token).get(), update, &updated).ok());
  EXPECT_EQ(updated.cart().lines_size(), 0) << "quantity 0 removes the line";

  v1::RemoveCartLineRequest remove;
  remove.set_request_id("r-1");
  remove.set_cart_id(cart.id());
  remove.set_expected_version(updated.cart().version());
  remove.set_sku("MILK-1L");
  v1::RemoveCartLineResponse removed;
  EXPECT_EQ(orders_->RemoveCartLine(As(shopper_.token).get(), remove, &removed).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(MustGet(cart.id()).version(), updated.cart().version()) << "a refused change writes nothing";
}

TEST_P(CartServiceTest, BadInputIsRefusedAndNothingIsWritten) {
  MakeProduct("Whole milk", "MILK-1L", 129);
  MakeProduct("Lait entier", "LAIT-1L", 119, "EUR");
  auto draft = MakeProduct("Soon", "SOON-1L", 300);
  draft.set_status(v1::PRODUCT_STATUS_DRAFT);
  Update(draft, "status");
  auto const cart = NewCart(shopper_.token, "c-1");
  struct Case {
    std::string sku;
    std::int64_t quantity;
    grpc::StatusCode code;
    std::string reason;
  };
  for (auto const& [sku, quantity, code, reason] : std::vector<Case>{
           {"MILK-1L", 0, grpc::StatusCode::INVALID_ARGUMENT, "FIELD_INVALID"},
           {"MILK-1L", 1000, grpc::StatusCode::INVALID_ARGUMENT, "FIELD_INVALID"},
           {"MILK-1L", -1, grpc::StatusCode::INVALID_ARGUMENT, "FIELD_INVALID"},
           {"", 1, grpc::StatusCode::INVALID_ARGUMENT, "FIELD_INVALID"},
           {"NOPE-1", 1, grpc::StatusCode::NOT_FOUND, "NOT_FOUND"},
           {"LAIT-1L", 1, grpc::StatusCode::FAILED_PRECONDITION, "CURRENCY_MISMATCH"},
           {"SOON-1L", 1, grpc::StatusCode::FAILED_PRECONDITION, "PRODUCT_NOT_FOR_SALE"}}) {
    auto const context = As(shopper_.token);
    auto const status = Add(shopper_.token, cart, sku, quantity, "bad-" + sku + std::to_string(quantity), nullptr,
                            context.get());
    EXPECT_EQ(status.error_code(), code) << sku << " x" << quantity << ": " << status.error_message();
    EXPECT_EQ(ErrorInfoOf(*context).reason(), reason) << sku << " x" << quantity;
  }
  v1::Cart unchanged = MustGet(cart.id());
  EXPECT_EQ(unchanged.lines_size(), 0);
  EXPECT_EQ(unchanged.version(), cart.version());

  ASSERT_TRUE(Add(shopper_.token, cart, "MILK-1L", 999, "max", nullptr).ok());
  auto const over = As(shopper_.token);
  EXPECT_EQ(Add(shopper_.token, MustGet(cart.id()), "MILK-1L", 1, "over", nullptr, over.get()).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT) << "a line holds at most 999 units";

  v1::CreateCartRequest request;
  request.set_currency_code("XYZ");
  v1::CreateCartResponse response;
  EXPECT_EQ(orders_->CreateCart(As(shopper_.token).get(), request, &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_P(CartServiceTest, AnAccountKeepsABoundedNumberOfCarts) {
  for (int i = 1; i < 20; ++i) NewCart(shopper_.token, "c-" + std::to_string(i));
  NewCart(shopper_.token, "c-20");
  v1::CreateCartRequest request;
  request.set_request_id("c-21");
  v1::CreateCartResponse response;
  auto const context = As(shopper_.token);
  EXPECT_EQ(orders_->CreateCart(context.get(), request, &response).error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(ErrorInfoOf(*context).reason(), "TOO_MANY_CARTS");
}

INSTANTIATE_TEST_SUITE_P(Backends, CartServiceTest,
                         ::testing::Values(BackendKind::kEmbedded, BackendKind::kProduction), BackendName);

}  // namespace
}  // namespace mercato::testing
