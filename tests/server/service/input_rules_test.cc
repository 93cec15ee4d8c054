// Input rules every method shares, as clients meet them on both adapter sets: enum values the
// contract defines, money within its documented bound in an ISO 4217 currency, one text rule for
// display names, depth limits on whole subtrees, durations checked before arithmetic, errors that
// never echo a huge input back, and keyset page tokens bound to their listing.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <limits>
#include <chrono>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "mercato/v1/catalog.grpc.pb.h"
#include "mercato/v1/inventory.grpc.pb.h"
#include "tests/server/service/service_fixture.h"

namespace mercato::testing {
namespace {

using namespace std::string_literals;

// The field a refused call names in its ErrorInfo ("" when none).
std::string FieldOf(grpc::ClientContext const& context) {
  auto const info = ErrorInfoOf(context);
  auto const found = info.metadata().find("field");
  return found == info.metadata().end() ? "" : found->second;
}

class InputRulesTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    catalog_ = v1::CatalogService::NewStub(Channel());
    category_ = MakeCategory("Pantry");
  }

  v1::Category MakeCategory(std::string const& name, std::string const& parent_id = "") {
    v1::Category created;
    auto status = CreateCategory(name, parent_id, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created;
  }

  grpc::Status CreateCategory(std::string const& name, std::string const& parent_id, v1::Category* created,
                              grpc::ClientContext* context = nullptr) {
    v1::CreateCategoryRequest request;
    request.mutable_category()->set_name(name);
    request.mutable_category()->set_parent_id(parent_id);
    v1::CreateCategoryResponse response;
    auto staff = StaffContext();
    auto status = catalog_->CreateCategory(context != nullptr ? context : staff.get(), request, &response);
    if (created != nullptr) *created = response.category();
    return status;
  }

  v1::Product Oats(std::int64_t price_minor = 250, std::string const& currency = "GBP") {
    v1::Product product;
    product.set_name("Porridge oats");
    product.set_category_id(category_.id());
    auto& variant = *product.add_variants();
    variant.set_sku("OATS-1KG");
    variant.set_name("1 kg");
    variant.mutable_price()->set_amount_minor(price_minor);
    variant.mutable_price()->set_currency_code(currency);
    return product;
  }

  // Creates `product`; on failure returns the status and the ErrorInfo's "field".
  grpc::Status Create(v1::Product const& product, std::string* field = nullptr, v1::Product* created = nullptr) {
    v1::CreateProductRequest request;
    *request.mutable_product() = product;
    v1::CreateProductResponse response;
    auto context = StaffContext();
    auto status = catalog_->CreateProduct(context.get(), request, &response);
    if (field != nullptr) *field = FieldOf(*context);
    if (created != nullptr) *created = response.product();
    return status;
  }

  v1::Product Get(std::string const& id) {
    v1::GetProductRequest request;
    request.set_product_id(id);
    v1::GetProductResponse response;
    auto context = StaffContext();
    EXPECT_TRUE(catalog_->GetProduct(context.get(), request, &response).ok());
    return response.product();
  }

  std::unique_ptr<v1::CatalogService::Stub> catalog_;
  v1::Category category_;
};

TEST_P(InputRulesTest, AnEnumValueTheContractDoesNotDefineIsRefused) {
  auto product = Oats();
  product.set_status(static_cast<v1::ProductStatus>(99));
  std::string field;
  auto const status = Create(product, &field);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(field, "product.status");
  EXPECT_NE(status.error_message().find("PRODUCT_STATUS_DRAFT"), std::string::npos) << status.error_message();
}

TEST_P(InputRulesTest, AnUnsetStatusInAnUpdateMaskDoesNotPublishADraft) {
  auto draft = Oats();
  draft.set_status(v1::PRODUCT_STATUS_DRAFT);
  v1::Product created;
  ASSERT_TRUE(Create(draft, nullptr, &created).ok());

  v1::UpdateProductRequest request;
  request.mutable_product()->set_id(created.id());
  request.mutable_update_mask()->add_paths("status");
  request.set_expected_version(created.version());
  v1::UpdateProductResponse response;
  auto context = StaffContext();
  auto const status = catalog_->UpdateProduct(context.get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(FieldOf(*context), "product.status");
  EXPECT_EQ(Get(created.id()).status(), v1::PRODUCT_STATUS_DRAFT);
}

TEST_P(InputRulesTest, MoneyIsBoundedAndInAnIsoCurrency) {
  struct Case {
    std::int64_t amount;
    std::string currency;
    std::string field;  // empty: accepted
  };
  std::vector<Case> const cases = {
      {std::numeric_limits<std::int64_t>::max(), "GBP", "product.variants[0].price.amount_minor"},
      {1'000'000'000'000, "GBP", "product.variants[0].price.amount_minor"},
      {250, "ABC", "product.variants[0].price.currency_code"},
      {250, "XTS", "product.variants[0].price.currency_code"},
      {250, "gbp", "product.variants[0].price.currency_code"},
      {999'999'999'999, "JPY", ""},
  };
  for (auto const& c : cases) {
    std::string field;
    auto const status = Create(Oats(c.amount, c.currency), &field);
    SCOPED_TRACE(std::to_string(c.amount) + " " + c.currency);
    if (c.field.empty()) {
      EXPECT_TRUE(status.ok()) << status.error_message();
    } else {
      EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
      EXPECT_EQ(field, c.field);
    }
  }
  // Amounts outside Money follow the same bound: a price filter is an amount too.
  v1::ListProductsRequest list;
  list.set_currency_code("GBP");
  list.set_min_price_minor(std::numeric_limits<std::int64_t>::max());
  v1::ListProductsResponse listed;
  grpc::ClientContext context;
  EXPECT_EQ(catalog_->ListProducts(&context, list, &listed).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(FieldOf(context), "min_price_minor");
}

TEST_P(InputRulesTest, DisplayNamesNeedAVisibleCharacterAndNoControlCharacters) {
  for (auto const& name : {"   "s, "\u200b\u200b"s, "\t\u00a0\ufeff"s, "Oat\0milk"s, "Oat\x07milk"s, "Oat\u0085milk"s,
                           "\U000E0041\U000E0042"s, "\u2800"s, "\u0301"s, "\U000E0100"s, "Milk \u202Eevil"s,
                           "Oat\u2028milk"s}) {
    SCOPED_TRACE(::testing::PrintToString(name));
    auto context = StaffContext();
    EXPECT_EQ(CreateCategory(name, "", nullptr, context.get()).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_EQ(FieldOf(*context), "category.name");

    auto product = Oats();
    product.set_name(name);
    std::string field;
    EXPECT_EQ(Create(product, &field).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_EQ(field, "product.name");
  }
  auto bidi = Oats();
  bidi.set_name("Milk \u202Eevil");
  EXPECT_NE(Create(bidi, nullptr).error_message().find("(U+202E at byte 5)"), std::string::npos)
      << "the character is named as Unicode names it";
  auto product = Oats();
  product.set_name("\u200b Porridge oats \u00a0");
  product.set_description("Rolled oats.\nStore dry.");
  v1::Product created;
  ASSERT_TRUE(Create(product, nullptr, &created).ok());
  EXPECT_EQ(created.name(), "Porridge oats") << "invisible and white space at the ends is trimmed";
  EXPECT_EQ(created.description(), "Rolled oats.\nStore dry.") << "descriptions keep their lines";
}

TEST_P(InputRulesTest, AProductStaysASmallRecord) {
  auto with = [&](auto&& change) {
    auto product = Oats();
    change(product);
    std::string field;
    auto const status = Create(product, &field);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << product.ShortDebugString().substr(0, 200);
    return field;
  };
  EXPECT_EQ(with([](v1::Product& p) { p.mutable_variants(0)->set_unit_quantity(std::int64_t{1} << 53); }),
            "product.variants[0].unit_quantity");
  EXPECT_EQ(with([](v1::Product& p) { p.mutable_variants(0)->set_barcode("50\x1b[2J"); }),
            "product.variants[0].barcode");
  EXPECT_EQ(with([](v1::Product& p) { p.add_image_urls("javascript:alert(1)"); }), "product.image_urls[0]");
  EXPECT_EQ(with([](v1::Product& p) {
              for (int i = 0; i < 51; ++i) (*p.mutable_attributes())["k" + std::to_string(i)] = "v";
            }),
            "product.attributes");
  EXPECT_EQ(with([](v1::Product& p) { (*p.mutable_attributes())["origin"] = std::string(300, 'x'); }),
            "product.attributes");
  // Any int64 a client would read back as a Number stays exact in JavaScript.
  v1::UpdateProductRequest update;
  update.mutable_product()->set_id("any");
  update.mutable_update_mask()->add_paths("name");
  update.set_expected_version(std::int64_t{1} << 60);
  v1::UpdateProductResponse response;
  auto context = StaffContext();
  EXPECT_EQ(catalog_->UpdateProduct(context.get(), update, &response).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(FieldOf(*context), "expected_version");
}

TEST_P(InputRulesTest, AWatcherNamesAHandfulOfAggregateTypes) {
  v1::WatchChangesRequest request;
  for (int i = 0; i < 40000; ++i) request.add_aggregate_types("product");  // one type, repeated
  grpc::ClientContext once;
  once.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(500));
  auto stream = catalog_->WatchChanges(&once, request);
  v1::WatchChangesResponse response;
  while (stream->Read(&response)) {
  }
  EXPECT_EQ(stream->Finish().error_code(), grpc::StatusCode::DEADLINE_EXCEEDED) << "duplicates collapse to one type";

  request.clear_aggregate_types();
  for (int i = 0; i < 17; ++i) request.add_aggregate_types("type" + std::to_string(i));
  auto staff = StaffContext();
  auto refused = catalog_->WatchChanges(staff.get(), request);
  while (refused->Read(&response)) {
  }
  EXPECT_EQ(refused->Finish().error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_P(InputRulesTest, ALongOutOfStockListStaysWithinTheClientsHeaderLimit) {
  auto inventory = v1::InventoryService::NewStub(Channel());
  v1::ReserveRequest request;
  for (int i = 0; i < 100; ++i) {
    auto& line = *request.add_lines();
    char sku[65];
    std::snprintf(sku, sizeof sku, "%s%03d", std::string(61, 'S').c_str(), i);
    line.set_sku(sku);
    line.set_location_id(std::string(64, 'L'));
    line.set_quantity(1);
  }
  v1::ReserveResponse response;
  auto context = StaffContext();
  auto const status = inventory->Reserve(context.get(), request, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << status.error_message();
  auto const info = ErrorInfoOf(*context);
  EXPECT_EQ(info.reason(), "OUT_OF_STOCK");
  EXPECT_LT(info.ByteSizeLong(), 5000u);
  EXPECT_GT(info.metadata().count("metadata_left_out"), 0u) << "it says that part of the list did not fit";
}

TEST_P(InputRulesTest, AMoveIsRefusedWhenADescendantWouldPassTheDepthLimit) {
  std::string parent;
  for (int level = 1; level <= 7; ++level) parent = MakeCategory("Deep " + std::to_string(level), parent).id();
  auto const subtree = MakeCategory("Subtree");
  std::string below = subtree.id();
  for (int level = 2; level <= 4; ++level) below = MakeCategory("Sub " + std::to_string(level), below).id();

  v1::UpdateCategoryRequest request;
  request.mutable_category()->set_id(subtree.id());
  request.mutable_category()->set_parent_id(parent);
  request.mutable_update_mask()->add_paths("parent_id");
  request.set_expected_version(subtree.version());
  v1::UpdateCategoryResponse response;
  auto context = StaffContext();
  auto const status = catalog_->UpdateCategory(context.get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << "the subtree's leaf would be at level 12";
  EXPECT_EQ(FieldOf(*context), "category.parent_id");

  v1::GetCategoryRequest get;
  get.set_category_id(below);
  v1::GetCategoryResponse leaf;
  grpc::ClientContext read;
  ASSERT_TRUE(catalog_->GetCategory(&read, get, &leaf).ok());
  EXPECT_EQ(leaf.category().ancestor_ids_size(), 3) << "nothing moved";
}

TEST_P(InputRulesTest, ADurationBeyondProtobufsRangeIsRefusedBeforeArithmetic) {
  auto inventory = v1::InventoryService::NewStub(Channel());
  v1::ReserveRequest request;
  auto& line = *request.add_lines();
  line.set_sku("OATS-1KG");
  line.set_location_id("dc1");
  line.set_quantity(1);
  request.mutable_ttl()->set_seconds((std::int64_t{1} << 58) + 3600);
  v1::ReserveResponse response;
  auto context = StaffContext();
  EXPECT_EQ(inventory->Reserve(context.get(), request, &response).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(FieldOf(*context), "ttl");
}

// Stock keys use the catalog's SKU alphabet: no key differs from another by an invisible or
// look-alike character, and every key can match a catalog SKU.
TEST_P(InputRulesTest, StockKeysUseTheCatalogsSkuAlphabet) {
  auto inventory = v1::InventoryService::NewStub(Channel());
  for (auto const& [sku, location, field] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"MILK\u200b", "dc1", "sku"}, {"\uff2d\uff29\uff2c\uff2b", "dc1", "sku"}, {"MILK", "dc\u202e1", "location_id"}}) {
    v1::AdjustStockRequest request;
    request.set_sku(sku);
    request.set_location_id(location);
    request.set_delta(5);
    request.set_kind(v1::MOVEMENT_KIND_RECEIPT);
    v1::AdjustStockResponse response;
    auto context = StaffContext();
    EXPECT_EQ(inventory->AdjustStock(context.get(), request, &response).error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << sku << "@" << location;
    EXPECT_EQ(FieldOf(*context), field);
  }
}

TEST_P(InputRulesTest, AnErrorNeverEchoesAHugeInputBack) {
  // The test channel keeps gRPC's default 8 KiB metadata limit, as most clients do.
  v1::GetProductRequest request;
  request.set_product_id(std::string(10 * 1024, 'x'));
  v1::GetProductResponse response;
  grpc::ClientContext context;
  auto const status = catalog_->GetProduct(&context, request, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND) << status.error_message();
  EXPECT_LT(status.error_message().size(), 200u);
  EXPECT_NE(status.error_message().find("does not exist"), std::string::npos);
  EXPECT_LT(ErrorInfoOf(context).ByteSizeLong(), 300u);
}

// Category listings page by key as common.proto promises: page_size 0 is the default 50, a row
// inserted behind the cursor is not served twice, and a token works only for its own listing.
TEST_P(InputRulesTest, CategoryPagesResumeByKeyAndTokensStayWithTheirListing) {
  for (int i = 0; i < 60; ++i) {
    char name[16];
    std::snprintf(name, sizeof name, "Aisle %02d", i);
    MakeCategory(name, category_.id());
  }
  auto list = [&](std::optional<std::string> parent, int page_size, std::string const& token,
                  v1::ListCategoriesResponse* response) {
    v1::ListCategoriesRequest request;
    if (parent) request.set_parent_id(*parent);
    request.set_page_size(page_size);
    request.set_page_token(token);
    grpc::ClientContext context;
    return catalog_->ListCategories(&context, request, response);
  };
  v1::ListCategoriesResponse whole_tree;
  ASSERT_TRUE(list(std::nullopt, 0, "", &whole_tree).ok());
  EXPECT_EQ(whole_tree.categories_size(), 50) << "page_size 0 is the default page size";
  EXPECT_FALSE(whole_tree.next_page_token().empty());

  v1::ListCategoriesResponse first;
  ASSERT_TRUE(list(category_.id(), 2, "", &first).ok());
  ASSERT_EQ(first.categories_size(), 2);
  EXPECT_EQ(first.categories(1).name(), "Aisle 01");
  MakeCategory("Aisle 00a", category_.id());  // sorts behind the cursor
  v1::ListCategoriesResponse second;
  ASSERT_TRUE(list(category_.id(), 2, first.next_page_token(), &second).ok());
  ASSERT_EQ(second.categories_size(), 2);
  EXPECT_EQ(second.categories(0).name(), "Aisle 02") << "no row repeats after an insert";

  v1::ListCategoriesResponse elsewhere;
  EXPECT_EQ(list(std::string(), 2, first.next_page_token(), &elsewhere).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT)
      << "a token of one parent's children is refused for the roots";
  v1::ListProductsRequest products;
  products.set_page_token(first.next_page_token());
  v1::ListProductsResponse listed;
  grpc::ClientContext context;
  EXPECT_EQ(catalog_->ListProducts(&context, products, &listed).error_code(), grpc::StatusCode::INVALID_ARGUMENT)
      << "a ListCategories token is refused by ListProducts";
}

INSTANTIATE_TEST_SUITE_P(Backends, InputRulesTest,
                         ::testing::Values(BackendKind::kEmbedded, BackendKind::kProduction), BackendName);

}  // namespace
}  // namespace mercato::testing
