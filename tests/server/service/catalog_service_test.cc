// The catalog service suite: the real mercatod, in-process, called over gRPC. The same cases run
// on the embedded adapters (SQLite, in-process cache and events) and on PostgreSQL + Redis + Kafka.
#include <google/protobuf/util/message_differencer.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <thread>

#include "mercato/v1/catalog.grpc.pb.h"
#include "mercato/v1/errors.pb.h"
#include "tests/server/service/service_fixture.h"

namespace mercato::testing {
namespace {

using v1::CatalogService;

class CatalogServiceTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    stub_ = CatalogService::NewStub(Channel());
  }

  v1::Category MakeCategory(std::string const& name, std::string const& parent_id = "") {
    v1::CreateCategoryRequest request;
    request.mutable_category()->set_name(name);
    request.mutable_category()->set_parent_id(parent_id);
    v1::CreateCategoryResponse response;
    auto context = StaffContext();
    auto status = stub_->CreateCategory(context.get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.category();
  }

  v1::Product ProductDraft(std::string const& name, std::string const& category_id, std::int64_t price_minor,
                           std::string const& sku) {
    v1::Product product;
    product.set_name(name);
    product.set_category_id(category_id);
    product.set_brand("Mercato");
    auto& variant = *product.add_variants();
    variant.set_sku(sku);
    variant.set_name("1 pack");
    variant.mutable_price()->set_amount_minor(price_minor);
    variant.mutable_price()->set_currency_code("GBP");
    return product;
  }

  grpc::Status CreateProduct(v1::Product const& product, v1::Product* created, std::string const& request_id = "") {
    v1::CreateProductRequest request;
    request.set_request_id(request_id);
    *request.mutable_product() = product;
    v1::CreateProductResponse response;
    auto context = StaffContext();
    auto status = stub_->CreateProduct(context.get(), request, &response);
    if (created != nullptr) *created = response.product();
    return status;
  }

  v1::Product MakeProduct(std::string const& name, std::string const& category_id, std::int64_t price_minor,
                          std::string const& sku) {
    v1::Product created;
    auto status = CreateProduct(ProductDraft(name, category_id, price_minor, sku), &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created;
  }

  grpc::Status Rename(v1::Product const& product, std::string const& name, std::int64_t expected_version,
                      v1::Product* updated) {
    v1::UpdateProductRequest request;
    request.mutable_product()->set_id(product.id());
    request.mutable_product()->set_name(name);
    request.mutable_update_mask()->add_paths("name");
    request.set_expected_version(expected_version);
    v1::UpdateProductResponse response;
    auto context = StaffContext();
    auto status = stub_->UpdateProduct(context.get(), request, &response);
    if (updated != nullptr) *updated = response.product();
    return status;
  }

  std::vector<v1::Product> ListAll(v1::ListProductsRequest request) {
    std::vector<v1::Product> all;
    for (int pages = 0; pages < 100; ++pages) {
      v1::ListProductsResponse response;
      grpc::ClientContext context;
      auto status = stub_->ListProducts(&context, request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      all.insert(all.end(), response.products().begin(), response.products().end());
      if (response.next_page_token().empty()) break;
      request.set_page_token(response.next_page_token());
    }
    return all;
  }

  std::unique_ptr<CatalogService::Stub> stub_;
};

std::vector<std::string> Names(std::vector<v1::Product> const& products) {
  std::vector<std::string> names;
  for (auto const& product : products) names.push_back(product.name());
  return names;
}

TEST_P(CatalogServiceTest, CreatedProductReadsBackByIdAndSku) {
  auto const dairy = MakeCategory("Dairy");
  auto const created = MakeProduct("Whole Milk", dairy.id(), 129, "MILK-1L");
  EXPECT_FALSE(created.id().empty());
  EXPECT_EQ(created.version(), 1);
  EXPECT_EQ(created.slug(), "whole-milk");
  EXPECT_EQ(created.status(), v1::PRODUCT_STATUS_ACTIVE);

  v1::GetProductRequest get;
  get.set_product_id(created.id());
  v1::GetProductResponse got;
  grpc::ClientContext get_context;
  ASSERT_TRUE(stub_->GetProduct(&get_context, get, &got).ok());
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(got.product(), created));

  v1::GetProductBySkuRequest by_sku;
  by_sku.set_sku("MILK-1L");
  v1::GetProductBySkuResponse found;
  grpc::ClientContext sku_context;
  ASSERT_TRUE(stub_->GetProductBySku(&sku_context, by_sku, &found).ok());
  EXPECT_EQ(found.product().id(), created.id());
  EXPECT_EQ(found.variant_id(), created.variants(0).id());
}

TEST_P(CatalogServiceTest, UnknownIdIsNotFoundWithAMachineReadableReason) {
  v1::GetProductRequest request;
  request.set_product_id("01NOSUCHPRODUCT");
  v1::GetProductResponse response;
  grpc::ClientContext context;
  auto status = stub_->GetProduct(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_NE(status.error_message().find("01NOSUCHPRODUCT"), std::string::npos);
  auto info = ErrorInfoOf(context);
  EXPECT_EQ(info.reason(), "NOT_FOUND");
  EXPECT_EQ(info.domain(), "catalog");
}

TEST_P(CatalogServiceTest, WritesNeedTheStaffToken) {
  auto const category = MakeCategory("Bakery");
  v1::CreateProductRequest request;
  *request.mutable_product() = ProductDraft("Sourdough", category.id(), 350, "SOUR-1");
  v1::CreateProductResponse response;

  grpc::ClientContext anonymous;
  EXPECT_EQ(stub_->CreateProduct(&anonymous, request, &response).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(ErrorInfoOf(anonymous).reason(), "SIGN_IN_REQUIRED");

  grpc::ClientContext wrong_token;
  wrong_token.AddMetadata("authorization", "Bearer not-the-token");
  EXPECT_EQ(stub_->CreateProduct(&wrong_token, request, &response).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(ErrorInfoOf(wrong_token).reason(), "SESSION_INVALID");
}

TEST_P(CatalogServiceTest, StaleVersionIsAbortedNamingTheCurrentVersion) {
  auto const category = MakeCategory("Fruit");
  auto const apples = MakeProduct("Apples", category.id(), 200, "APPLE-6");
  v1::Product renamed;
  ASSERT_TRUE(Rename(apples, "Gala Apples", 1, &renamed).ok());
  EXPECT_EQ(renamed.version(), 2);
  EXPECT_EQ(renamed.name(), "Gala Apples");

  v1::UpdateProductRequest stale;
  stale.mutable_product()->set_id(apples.id());
  stale.mutable_product()->set_name("Braeburn Apples");
  stale.mutable_update_mask()->add_paths("name");
  stale.set_expected_version(1);
  v1::UpdateProductResponse response;
  auto context = StaffContext();
  auto status = stub_->UpdateProduct(context.get(), stale, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_NE(status.error_message().find("version 2"), std::string::npos) << status.error_message();
  auto info = ErrorInfoOf(*context);
  EXPECT_EQ(info.reason(), "VERSION_MISMATCH");
  EXPECT_EQ(info.metadata().at("current_version"), "2");
}

TEST_P(CatalogServiceTest, BadFiltersAreInvalidArgument) {
  std::vector<v1::ListProductsRequest> bad(5);
  bad[0].set_page_size(-1);
  bad[1].set_min_price_minor(100);  // no currency
  bad[2].set_min_price_minor(500);
  bad[2].set_max_price_minor(100);
  bad[2].set_currency_code("GBP");
  bad[3].set_page_token("not-a-token");
  bad[4].set_sort(v1::PRODUCT_SORT_RELEVANCE);  // without a query
  for (auto const& request : bad) {
    v1::ListProductsResponse response;
    grpc::ClientContext context;
    auto status = stub_->ListProducts(&context, request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << request.ShortDebugString();
    EXPECT_EQ(ErrorInfoOf(context).reason(), "FIELD_INVALID");
  }
}

TEST_P(CatalogServiceTest, DuplicateSkuIsAlreadyExists) {
  auto const category = MakeCategory("Drinks");
  MakeProduct("Cola", category.id(), 99, "COLA-330");
  auto status = CreateProduct(ProductDraft("Diet Cola", category.id(), 99, "COLA-330"), nullptr);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
}

TEST_P(CatalogServiceTest, ListingFiltersByCategoryTreeTextPriceAndStock) {
  auto const food = MakeCategory("Food");
  auto const dairy = MakeCategory("Dairy", food.id());
  auto const cheese = MakeCategory("Cheese", dairy.id());
  auto const drinks = MakeCategory("Drinks");
  MakeProduct("Mature Cheddar", cheese.id(), 300, "CHED-1");
  MakeProduct("Milk", dairy.id(), 100, "MILK-2");
  MakeProduct("Orange Juice", drinks.id(), 200, "OJ-1");
  ASSERT_TRUE(server().backend().catalog_store->SetAvailableQuantity("CHED-1", 5).ok());

  v1::ListProductsRequest in_food;
  in_food.set_category_id(food.id());
  EXPECT_EQ(Names(ListAll(in_food)), (std::vector<std::string>{"Mature Cheddar", "Milk"}));

  in_food.set_include_descendants(false);
  EXPECT_TRUE(ListAll(in_food).empty());

  v1::ListProductsRequest text;
  text.set_query("CHEDDAR");
  EXPECT_EQ(Names(ListAll(text)), (std::vector<std::string>{"Mature Cheddar"}));

  v1::ListProductsRequest price;
  price.set_min_price_minor(150);
  price.set_max_price_minor(250);
  price.set_currency_code("GBP");
  EXPECT_EQ(Names(ListAll(price)), (std::vector<std::string>{"Orange Juice"}));

  v1::ListProductsRequest in_stock;
  in_stock.set_in_stock_only(true);
  EXPECT_EQ(Names(ListAll(in_stock)), (std::vector<std::string>{"Mature Cheddar"}));

  v1::ListProductsRequest cheapest_first;
  cheapest_first.set_sort(v1::PRODUCT_SORT_PRICE_ASC);
  EXPECT_EQ(Names(ListAll(cheapest_first)), (std::vector<std::string>{"Milk", "Orange Juice", "Mature Cheddar"}));
}

TEST_P(CatalogServiceTest, KeysetPagesCoverEveryProductOnce) {
  auto const category = MakeCategory("Pantry");
  std::set<std::string> created;
  for (int i = 0; i < 23; ++i) {
    created.insert(MakeProduct("Tin " + std::to_string(100 + i), category.id(), 50 + i % 4, "TIN-" + std::to_string(i)).id());
  }
  for (auto sort : {v1::PRODUCT_SORT_NAME, v1::PRODUCT_SORT_PRICE_DESC, v1::PRODUCT_SORT_NEWEST}) {
    v1::ListProductsRequest request;
    request.set_page_size(5);
    request.set_sort(sort);
    auto const all = ListAll(request);
    std::set<std::string> seen;
    for (auto const& product : all) EXPECT_TRUE(seen.insert(product.id()).second) << "duplicate " << product.name();
    EXPECT_EQ(seen, created) << v1::ProductSort_Name(sort);
  }
}

TEST_P(CatalogServiceTest, ListingsAreCachedAndAWriteInvalidatesThemAtOnce) {
  auto const category = MakeCategory("Snacks");
  auto const crisps = MakeProduct("Crisps", category.id(), 80, "CRISP-1");
  v1::ListProductsRequest in_stock;
  in_stock.set_in_stock_only(true);
  EXPECT_TRUE(ListAll(in_stock).empty());

  // Changed behind the service's back (no event, no generation bump): the cached listing stays.
  ASSERT_TRUE(server().backend().catalog_store->SetAvailableQuantity("CRISP-1", 9).ok());
  EXPECT_TRUE(ListAll(in_stock).empty()) << "the repeated listing was not served from the cache";

  // A write through the service invalidates at once: the writer reads its own write.
  v1::Product renamed;
  ASSERT_TRUE(Rename(crisps, "Salted Crisps", 1, &renamed).ok());
  EXPECT_EQ(Names(ListAll(in_stock)), (std::vector<std::string>{"Salted Crisps"}));
}

TEST_P(CatalogServiceTest, SameRequestIdReplaysAndAReusedKeyIsRefused) {
  auto const category = MakeCategory("Frozen");
  auto const draft = ProductDraft("Peas", category.id(), 120, "PEAS-1");
  v1::Product first;
  v1::Product second;
  ASSERT_TRUE(CreateProduct(draft, &first, "req-peas").ok());
  ASSERT_TRUE(CreateProduct(draft, &second, "req-peas").ok());
  EXPECT_EQ(first.id(), second.id());

  auto other = ProductDraft("Sweetcorn", category.id(), 120, "CORN-1");
  auto status = CreateProduct(other, nullptr, "req-peas");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
}

TEST_P(CatalogServiceTest, ArchivedProductsLeaveListingsButStayReadable) {
  auto const category = MakeCategory("Household");
  auto const soap = MakeProduct("Soap", category.id(), 150, "SOAP-1");
  v1::ArchiveProductRequest archive;
  archive.set_product_id(soap.id());
  archive.set_expected_version(1);
  v1::ArchiveProductResponse archived;
  auto context = StaffContext();
  ASSERT_TRUE(stub_->ArchiveProduct(context.get(), archive, &archived).ok());
  EXPECT_EQ(archived.product().status(), v1::PRODUCT_STATUS_ARCHIVED);

  v1::ListProductsRequest all;
  all.set_category_id(category.id());
  EXPECT_TRUE(ListAll(all).empty());

  v1::GetProductRequest get;
  get.set_product_id(soap.id());
  v1::GetProductResponse got;
  grpc::ClientContext get_context;
  ASSERT_TRUE(stub_->GetProduct(&get_context, get, &got).ok());
  EXPECT_EQ(got.product().status(), v1::PRODUCT_STATUS_ARCHIVED);
}

TEST_P(CatalogServiceTest, NonEmptyCategoryCannotBeDeleted) {
  auto const parent = MakeCategory("Parent");
  MakeCategory("Child", parent.id());
  v1::DeleteCategoryRequest request;
  request.set_category_id(parent.id());
  request.set_expected_version(1);
  v1::DeleteCategoryResponse response;
  auto context = StaffContext();
  auto status = stub_->DeleteCategory(context.get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorInfoOf(*context).reason(), "CATEGORY_NOT_EMPTY");
}

TEST_P(CatalogServiceTest, WatchChangesStreamsEveryCommittedChangeInOrder) {
  auto const category = MakeCategory("Watched");
  auto const product = MakeProduct("Tea", category.id(), 300, "TEA-1");

  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  v1::WatchChangesRequest request;
  request.add_aggregate_types("product");
  auto stream = stub_->WatchChanges(&context, request);

  // The stream starts "from now": changes made after it opened must all arrive.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  v1::Product renamed;
  ASSERT_TRUE(Rename(product, "Green Tea", 1, &renamed).ok());
  ASSERT_TRUE(Rename(renamed, "Jasmine Tea", 2, nullptr).ok());

  // "From now" starts at the last sequenced position, so the create may also arrive if the relay
  // had not sequenced it yet; every change made after the stream opened must arrive, in order.
  std::vector<std::int64_t> versions;
  std::int64_t last_position = 0;
  v1::WatchChangesResponse response;
  while ((versions.empty() || versions.back() < 3) && stream->Read(&response)) {
    auto const& event = response.event();
    EXPECT_EQ(event.event_type(), "catalog.product.updated");
    EXPECT_GT(event.position(), last_position);
    last_position = event.position();
    v1::ProductUpdated payload;
    ASSERT_TRUE(event.payload().UnpackTo(&payload));
    EXPECT_EQ(payload.product().id(), product.id());
    versions.push_back(payload.product().version());
  }
  context.TryCancel();
  if (!versions.empty() && versions.front() == 1) versions.erase(versions.begin());
  EXPECT_EQ(versions, (std::vector<std::int64_t>{2, 3}));
}

// A watcher who is not staff receives nothing their Get would hide: a DRAFT product (created as
// one, or set back to one) arrives as a removal with its id and version only, and no event names
// the staff member who made it. A staff watcher receives every event as committed.
TEST_P(CatalogServiceTest, WatchChangesShowsACustomerOnlyWhatTheirGetWould) {
  auto const category = MakeCategory("Watched");
  auto const published = MakeProduct("Tea", category.id(), 300, "TEA-1");
  auto draft = ProductDraft("Secret Launch", category.id(), 999, "SECRET-1");
  draft.set_status(v1::PRODUCT_STATUS_DRAFT);
  ASSERT_TRUE(CreateProduct(draft, nullptr).ok());
  v1::UpdateProductRequest unpublish;
  unpublish.mutable_product()->set_id(published.id());
  unpublish.mutable_product()->set_status(v1::PRODUCT_STATUS_DRAFT);
  unpublish.mutable_update_mask()->add_paths("status");
  unpublish.set_expected_version(published.version());
  v1::UpdateProductResponse unpublished;
  auto staff_context = StaffContext();
  ASSERT_TRUE(stub_->UpdateProduct(staff_context.get(), unpublish, &unpublished).ok());

  // Reads the three product events from position 0, as `context` sees them.
  auto watch = [&](grpc::ClientContext& context) {
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    v1::WatchChangesRequest request;
    request.set_after_position(0);
    request.add_aggregate_types("product");
    auto stream = stub_->WatchChanges(&context, request);
    std::vector<v1::EventEnvelope> events;
    v1::WatchChangesResponse response;
    while (events.size() < 3 && stream->Read(&response)) events.push_back(response.event());
    context.TryCancel();
    return events;
  };
  grpc::ClientContext anonymous;
  auto const seen = watch(anonymous);
  ASSERT_EQ(seen.size(), 3u);
  std::vector<v1::CatalogChangeKind> kinds;
  for (auto const& event : seen) {
    EXPECT_EQ(event.headers().count("actor"), 0u);
    EXPECT_EQ(event.headers().count("request_id"), 0u);
    v1::ProductUpdated payload;
    ASSERT_TRUE(event.payload().UnpackTo(&payload));
    kinds.push_back(payload.change_kind());
    if (payload.change_kind() == v1::CATALOG_CHANGE_KIND_REMOVED) {
      EXPECT_TRUE(payload.product().name().empty() && payload.product().variants().empty())
          << "a removal carries no content: " << payload.product().ShortDebugString();
      EXPECT_FALSE(payload.product().id().empty());
    }
    EXPECT_EQ(event.ShortDebugString().find("Secret Launch"), std::string::npos);
    EXPECT_EQ(event.ShortDebugString().find("SECRET-1"), std::string::npos);
  }
  EXPECT_EQ(kinds, (std::vector<v1::CatalogChangeKind>{v1::CATALOG_CHANGE_KIND_CREATED,
                                                       v1::CATALOG_CHANGE_KIND_REMOVED,
                                                       v1::CATALOG_CHANGE_KIND_REMOVED}));

  auto staff = StaffContext();
  auto const staff_seen = watch(*staff);
  ASSERT_EQ(staff_seen.size(), 3u);
  v1::ProductUpdated draft_event;
  ASSERT_TRUE(staff_seen[1].payload().UnpackTo(&draft_event));
  EXPECT_EQ(draft_event.product().name(), "Secret Launch");
  EXPECT_EQ(staff_seen[1].headers().count("actor"), 1u);
}

INSTANTIATE_TEST_SUITE_P(Backends, CatalogServiceTest, ::testing::Values(BackendKind::kEmbedded, BackendKind::kProduction),
                         BackendName);

}  // namespace
}  // namespace mercato::testing
