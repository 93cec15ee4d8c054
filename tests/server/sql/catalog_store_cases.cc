// SqlCatalogStore on both engines: documents round-trip, duplicates, idempotency, versions, the
// category tree and stock summaries.
#include <google/protobuf/util/message_differencer.h>
#include <google/protobuf/util/time_util.h>

#include "tests/server/sql/sql_store_test.h"

namespace mercato::sql_test {
namespace {

using google::protobuf::util::MessageDifferencer;

std::vector<std::string> Ids(std::vector<v1::Product> const& products) {
  std::vector<std::string> ids;
  for (auto const& product : products) ids.push_back(product.id());
  return ids;
}

std::vector<std::string> Ids(std::vector<v1::Category> const& categories) {
  std::vector<std::string> ids;
  for (auto const& category : categories) ids.push_back(category.id());
  return ids;
}

std::vector<std::string> Ancestors(v1::Category const& category) {
  return {category.ancestor_ids().begin(), category.ancestor_ids().end()};
}

std::vector<std::string> ListedIds(domain::Result<std::vector<domain::ListedProduct>> const& listed) {
  EXPECT_TRUE(listed) << listed.error().message;
  std::vector<std::string> ids;
  if (listed) {
    for (auto const& row : *listed) ids.push_back(row.product.id());
  }
  return ids;
}

TEST_P(SqlStoreTest, InsertedProductReadsBackWholeByIdAndBySku) {
  AddCategory("dairy", "", "dairy");
  v1::Product product = NewProduct("milk", "dairy", "Organic Whole Milk", {{"MILK-1L", 129}, {"MILK-2L", 219, false}});
  (*product.mutable_attributes())["organic"] = "true";
  product.add_image_urls("https://img.example/milk.jpg");
  auto* variant = product.mutable_variants(0);
  (*variant->mutable_attributes())["size"] = "1 l";
  variant->mutable_compare_at_price()->set_amount_minor(149);
  variant->mutable_compare_at_price()->set_currency_code("GBP");
  variant->set_unit(v1::UNIT_OF_MEASURE_MILLILITRE);
  variant->set_unit_quantity(1000);
  variant->set_barcode("05012345678900");
  *product.mutable_created_at() = google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(1'700'000'000'123'456);

  auto inserted = catalog_->InsertProduct(ProductWriteOf(product));
  ASSERT_TRUE(inserted) << inserted.error().message;
  EXPECT_TRUE(MessageDifferencer::Equals(*inserted, product));

  auto by_id = catalog_->FindProduct("milk");
  ASSERT_TRUE(by_id) << by_id.error().message;
  ASSERT_TRUE(*by_id);
  EXPECT_TRUE(MessageDifferencer::Equals(**by_id, product)) << (*by_id)->DebugString();

  for (auto const* sku : {"MILK-1L", "MILK-2L"}) {
    auto by_sku = catalog_->FindProductBySku(sku);
    ASSERT_TRUE(by_sku) << by_sku.error().message;
    ASSERT_TRUE(*by_sku) << sku;
    EXPECT_TRUE(MessageDifferencer::Equals(**by_sku, product));
  }
  auto missing = catalog_->FindProduct("nope");
  ASSERT_TRUE(missing);
  EXPECT_FALSE(*missing);
  auto missing_sku = catalog_->FindProductBySku("NOPE");
  ASSERT_TRUE(missing_sku);
  EXPECT_FALSE(*missing_sku);
  EXPECT_EQ(*catalog_->CountProducts(), 1);
}

TEST_P(SqlStoreTest, TakenSlugIsDuplicateOnSlug) {
  AddCategory("dairy", "", "dairy");
  AddProduct("milk", "dairy", "Milk", {{"MILK-1"}});
  v1::Product copy = NewProduct("milk2", "dairy", "Milk again", {{"MILK-2"}});
  copy.set_slug("slug-milk");
  auto inserted = catalog_->InsertProduct(ProductWriteOf(copy));
  ASSERT_FALSE(inserted);
  EXPECT_EQ(inserted.error().kind, domain::ErrorKind::kAlreadyExists);
  EXPECT_EQ(inserted.error().reason, "DUPLICATE");
  EXPECT_EQ(inserted.error().metadata.at("field"), "slug");
  EXPECT_EQ(inserted.error().metadata.at("value"), "slug-milk");
}

TEST_P(SqlStoreTest, TakenSkuIsDuplicateOnSku) {
  AddCategory("dairy", "", "dairy");
  AddProduct("milk", "dairy", "Milk", {{"MILK-1"}, {"MILK-2"}});
  auto inserted = catalog_->InsertProduct(ProductWriteOf(NewProduct("cream", "dairy", "Cream", {{"CREAM-1"}, {"MILK-2"}})));
  ASSERT_FALSE(inserted);
  EXPECT_EQ(inserted.error().kind, domain::ErrorKind::kAlreadyExists);
  EXPECT_EQ(inserted.error().reason, "DUPLICATE");
  EXPECT_EQ(inserted.error().metadata.at("field"), "sku");
  EXPECT_EQ(inserted.error().metadata.at("value"), "MILK-2");
  // The whole write rolled back: neither the product nor its first SKU stayed.
  EXPECT_FALSE(*catalog_->FindProduct("cream"));
  EXPECT_FALSE(*catalog_->FindProductBySku("CREAM-1"));
}

TEST_P(SqlStoreTest, FailedInsertLeavesNoOutboxRowAndNoIdempotencyClaim) {
  AddCategory("dairy", "", "dairy");
  AddProduct("milk", "dairy", "Milk", {{"MILK-1"}});
  ASSERT_EQ(CountRows("outbox"), 2);  // the category's and the product's events

  auto failed = catalog_->InsertProduct(ProductWriteOf(NewProduct("cream", "dairy", "Cream", {{"MILK-1"}}), "req-1"));
  ASSERT_FALSE(failed);
  EXPECT_EQ(CountRows("outbox"), 2);
  EXPECT_EQ(CountRows("idempotency_keys"), 0);
  EXPECT_EQ(*catalog_->CountProducts(), 1);

  // The key was not kept, so a corrected request with it succeeds.
  auto fixed = catalog_->InsertProduct(ProductWriteOf(NewProduct("cream", "dairy", "Cream", {{"CREAM-1"}}), "req-1"));
  ASSERT_TRUE(fixed) << fixed.error().message;
  EXPECT_EQ(CountRows("outbox"), 3);
}

TEST_P(SqlStoreTest, ReplayedInsertReturnsTheFirstProductAndWritesOnce) {
  AddCategory("dairy", "", "dairy");
  v1::Product const first = NewProduct("milk-a", "dairy", "Milk", {{"MILK-1"}});
  auto inserted = catalog_->InsertProduct(ProductWriteOf(first, "req-1", "same"));
  ASSERT_TRUE(inserted) << inserted.error().message;

  // A retry is rebuilt by the domain with a fresh id; the store returns what the first one saved.
  v1::Product retry = first;
  retry.set_id("milk-b");
  auto replayed = catalog_->InsertProduct(ProductWriteOf(retry, "req-1", "same"));
  ASSERT_TRUE(replayed) << replayed.error().message;
  EXPECT_TRUE(MessageDifferencer::Equals(*replayed, first)) << replayed->DebugString();
  EXPECT_EQ(*catalog_->CountProducts(), 1);
  EXPECT_EQ(CountRows("outbox"), 2);  // category + one product event
  EXPECT_EQ(CountRows("idempotency_keys"), 1);
}

TEST_P(SqlStoreTest, SameKeyWithOtherParametersIsIdempotencyKeyReused) {
  AddCategory("dairy", "", "dairy");
  ASSERT_TRUE(catalog_->InsertProduct(ProductWriteOf(NewProduct("milk", "dairy", "Milk", {{"MILK-1"}}), "req-1", "a")));
  auto reused = catalog_->InsertProduct(ProductWriteOf(NewProduct("tea", "dairy", "Tea", {{"TEA-1"}}), "req-1", "b"));
  ASSERT_FALSE(reused);
  EXPECT_EQ(reused.error().kind, domain::ErrorKind::kAlreadyExists);
  EXPECT_EQ(reused.error().reason, "IDEMPOTENCY_KEY_REUSED");
  EXPECT_EQ(*catalog_->CountProducts(), 1);
  EXPECT_EQ(CountRows("outbox"), 2);
}

TEST_P(SqlStoreTest, UpdateWithStaleVersionIsVersionMismatchNamingTheCurrentOne) {
  AddCategory("dairy", "", "dairy");
  v1::Product product = AddProduct("milk", "dairy", "Milk", {{"MILK-1"}});
  product.set_name("Fresh milk");
  product.set_version(2);
  auto updated = catalog_->UpdateProduct(ProductWriteOf(product), 1);
  ASSERT_TRUE(updated) << updated.error().message;

  product.set_name("Stale milk");
  auto stale = catalog_->UpdateProduct(ProductWriteOf(product), 1);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().kind, domain::ErrorKind::kAborted);
  EXPECT_EQ(stale.error().reason, "VERSION_MISMATCH");
  EXPECT_EQ(stale.error().metadata.at("current_version"), "2");
  EXPECT_EQ((*catalog_->FindProduct("milk"))->name(), "Fresh milk");

  v1::Product ghost = NewProduct("ghost", "dairy", "Ghost", {});
  auto missing = catalog_->UpdateProduct(ProductWriteOf(ghost), 1);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, domain::ErrorKind::kNotFound);
}

TEST_P(SqlStoreTest, ReplayedUpdateReturnsItsFirstResultAfterLaterChanges) {
  AddCategory("dairy", "", "dairy");
  v1::Product product = AddProduct("milk", "dairy", "Milk", {{"MILK-1"}});
  v1::Product second = product;
  second.set_name("Second");
  second.set_version(2);
  ASSERT_TRUE(catalog_->UpdateProduct(ProductWriteOf(second, "req-2"), 1));
  v1::Product third = second;
  third.set_name("Third");
  third.set_version(3);
  ASSERT_TRUE(catalog_->UpdateProduct(ProductWriteOf(third, "req-3"), 2));

  auto replayed = catalog_->UpdateProduct(ProductWriteOf(second, "req-2"), 1);
  ASSERT_TRUE(replayed) << replayed.error().message;
  EXPECT_EQ(replayed->name(), "Second");
  EXPECT_EQ((*catalog_->FindProduct("milk"))->version(), 3);
}

TEST_P(SqlStoreTest, UpdateReplacesVariantsAndFreesRemovedSkus) {
  AddCategory("dairy", "", "dairy");
  v1::Product product = AddProduct("milk", "dairy", "Milk", {{"MILK-1"}, {"MILK-2"}});
  v1::Product changed = NewProduct("milk", "dairy", "Milk", {{"MILK-2"}, {"MILK-3"}});
  changed.set_version(2);
  ASSERT_TRUE(catalog_->UpdateProduct(ProductWriteOf(changed), 1));
  EXPECT_FALSE(*catalog_->FindProductBySku("MILK-1"));
  EXPECT_EQ((*catalog_->FindProductBySku("MILK-2"))->id(), "milk");
  EXPECT_EQ((*catalog_->FindProductBySku("MILK-3"))->id(), "milk");
  // The freed SKU can go to another product.
  AddProduct("cream", "dairy", "Cream", {{"MILK-1"}});
  EXPECT_EQ((*catalog_->FindProductBySku("MILK-1"))->id(), "cream");
}

TEST_P(SqlStoreTest, ProductInMissingCategoryIsInvalidArgument) {
  auto inserted = catalog_->InsertProduct(ProductWriteOf(NewProduct("milk", "nowhere", "Milk", {{"MILK-1"}})));
  ASSERT_FALSE(inserted);
  EXPECT_EQ(inserted.error().kind, domain::ErrorKind::kInvalidArgument);
  EXPECT_EQ(inserted.error().metadata.at("field"), "product.category_id");
}

TEST_P(SqlStoreTest, FindProductsReturnsEachFoundIdOnceInRequestOrder) {
  AddCategory("dairy", "", "dairy");
  AddProduct("a", "dairy", "A", {{"A-1"}});
  AddProduct("b", "dairy", "B", {{"B-1"}});
  AddProduct("c", "dairy", "C", {{"C-1"}});
  auto found = catalog_->FindProducts({"c", "missing", "a", "c"});
  ASSERT_TRUE(found) << found.error().message;
  EXPECT_EQ(Ids(*found), (std::vector<std::string>{"c", "a"}));
}

TEST_P(SqlStoreTest, CategoriesKeepTheirTreeAndDescendantFilterFindsSubcategoryProducts) {
  AddCategory("food", "", "food");
  AddCategory("dairy", "food", "dairy");
  AddCategory("cheese", "dairy", "cheese");
  AddCategory("drinks", "", "drinks");
  AddProduct("bread", "food", "Bread", {{"BREAD"}});
  AddProduct("milk", "dairy", "Milk", {{"MILK"}});
  AddProduct("brie", "cheese", "Brie", {{"BRIE"}});
  AddProduct("cola", "drinks", "Cola", {{"COLA"}});

  auto cheese = catalog_->FindCategory("cheese");
  ASSERT_TRUE(cheese && *cheese);
  EXPECT_EQ(Ancestors(**cheese), (std::vector<std::string>{"food", "dairy"}));

  domain::ProductQuery query;
  query.category_path = "/food/";
  EXPECT_EQ(ListedIds(catalog_->ListProducts(query)), (std::vector<std::string>{"bread", "brie", "milk"}));
  query.include_descendants = false;
  EXPECT_EQ(ListedIds(catalog_->ListProducts(query)), (std::vector<std::string>{"bread"}));
  query.category_path = "/food/dairy/";
  query.include_descendants = true;
  EXPECT_EQ(ListedIds(catalog_->ListProducts(query)), (std::vector<std::string>{"brie", "milk"}));

  EXPECT_TRUE(*catalog_->CategoryHasChildrenOrProducts("food"));
  EXPECT_TRUE(*catalog_->CategoryHasChildrenOrProducts("cheese"));  // products only
  AddCategory("empty", "", "empty");
  EXPECT_FALSE(*catalog_->CategoryHasChildrenOrProducts("empty"));
}

TEST_P(SqlStoreTest, MovingACategoryRewritesItsDescendantsPaths) {
  AddCategory("food", "", "food");
  v1::Category dairy = AddCategory("dairy", "food", "dairy");
  AddCategory("cheese", "dairy", "cheese");
  AddCategory("soft", "cheese", "soft");
  AddCategory("drinks", "", "drinks");
  AddProduct("brie", "soft", "Brie", {{"BRIE"}});
  std::int64_t const events_before = CountRows("outbox");

  dairy.set_parent_id("drinks");
  dairy.set_version(2);
  auto moved = catalog_->UpdateCategory(CategoryWriteOf(dairy), 1);
  ASSERT_TRUE(moved) << moved.error().message;
  EXPECT_EQ(Ancestors(*moved), (std::vector<std::string>{"drinks"}));
  EXPECT_EQ(CountRows("outbox"), events_before + 1);

  EXPECT_EQ(Ancestors(**catalog_->FindCategory("dairy")), (std::vector<std::string>{"drinks"}));
  EXPECT_EQ(Ancestors(**catalog_->FindCategory("cheese")), (std::vector<std::string>{"drinks", "dairy"}));
  EXPECT_EQ(Ancestors(**catalog_->FindCategory("soft")), (std::vector<std::string>{"drinks", "dairy", "cheese"}));
  EXPECT_EQ((*catalog_->FindCategory("dairy"))->version(), 2);

  domain::ProductQuery query;
  query.category_path = "/drinks/";
  EXPECT_EQ(ListedIds(catalog_->ListProducts(query)), (std::vector<std::string>{"brie"}));
  query.category_path = "/food/";
  EXPECT_TRUE(ListedIds(catalog_->ListProducts(query)).empty());
}

TEST_P(SqlStoreTest, MovingACategoryUnderItsOwnDescendantIsRefused) {
  v1::Category food = AddCategory("food", "", "food");
  AddCategory("dairy", "food", "dairy");
  food.set_parent_id("dairy");
  food.set_version(2);
  auto moved = catalog_->UpdateCategory(CategoryWriteOf(food), 1);
  ASSERT_FALSE(moved);
  EXPECT_EQ(moved.error().kind, domain::ErrorKind::kInvalidArgument);
  EXPECT_EQ(Ancestors(**catalog_->FindCategory("dairy")), (std::vector<std::string>{"food"}));
}

TEST_P(SqlStoreTest, CategoryUpdateWithStaleVersionIsVersionMismatch) {
  v1::Category food = AddCategory("food", "", "food");
  food.set_name("Food & more");
  food.set_version(2);
  ASSERT_TRUE(catalog_->UpdateCategory(CategoryWriteOf(food), 1));
  auto stale = catalog_->UpdateCategory(CategoryWriteOf(food), 1);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().reason, "VERSION_MISMATCH");
  EXPECT_EQ(stale.error().metadata.at("current_version"), "2");
}

TEST_P(SqlStoreTest, SiblingSlugsAreUniqueAmongRootsAndUnderEachParent) {
  AddCategory("food", "", "food");
  AddCategory("drinks", "", "drinks");
  auto root_twin = catalog_->InsertCategory(CategoryWriteOf(NewCategory("food2", "", "food")));
  ASSERT_FALSE(root_twin);
  EXPECT_EQ(root_twin.error().reason, "DUPLICATE");
  EXPECT_EQ(root_twin.error().metadata.at("field"), "slug");
  EXPECT_EQ(root_twin.error().metadata.at("value"), "food");

  AddCategory("food-organic", "food", "organic");
  AddCategory("drinks-organic", "drinks", "organic");  // another parent: allowed
  auto child_twin = catalog_->InsertCategory(CategoryWriteOf(NewCategory("again", "food", "organic")));
  ASSERT_FALSE(child_twin);
  EXPECT_EQ(child_twin.error().reason, "DUPLICATE");
}

TEST_P(SqlStoreTest, ListCategoriesWalksTheTreeDepthFirstInPositionOrder) {
  AddCategory("b-root", "", "b", 2);
  AddCategory("a-root", "", "a", 1);
  AddCategory("a2", "a-root", "a2", 2);
  AddCategory("a1", "a-root", "a1", 1);
  AddCategory("a1x", "a1", "a1x", 0);
  AddCategory("b1", "b-root", "b1", 0);

  auto tree = catalog_->ListCategories(std::nullopt);
  ASSERT_TRUE(tree) << tree.error().message;
  EXPECT_EQ(Ids(*tree), (std::vector<std::string>{"a-root", "a1", "a1x", "a2", "b-root", "b1"}));
  auto roots = catalog_->ListCategories(std::string());
  ASSERT_TRUE(roots);
  EXPECT_EQ(Ids(*roots), (std::vector<std::string>{"a-root", "b-root"}));
  auto children = catalog_->ListCategories(std::string("a-root"));
  ASSERT_TRUE(children);
  EXPECT_EQ(Ids(*children), (std::vector<std::string>{"a1", "a2"}));
}

TEST_P(SqlStoreTest, DeleteCategoryChecksVersionAndEmptiness) {
  v1::Category food = AddCategory("food", "", "food");
  v1::Category dairy = AddCategory("dairy", "food", "dairy");
  v1::Category drinks = AddCategory("drinks", "", "drinks");
  AddProduct("cola", "drinks", "Cola", {{"COLA"}});

  auto with_child = catalog_->DeleteCategory(CategoryWriteOf(food), 1);
  ASSERT_FALSE(with_child);
  EXPECT_EQ(with_child.error().reason, "CATEGORY_NOT_EMPTY");
  auto with_product = catalog_->DeleteCategory(CategoryWriteOf(drinks), 1);
  ASSERT_FALSE(with_product);
  EXPECT_EQ(with_product.error().reason, "CATEGORY_NOT_EMPTY");
  auto stale = catalog_->DeleteCategory(CategoryWriteOf(dairy), 7);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().reason, "VERSION_MISMATCH");

  std::int64_t const events_before = CountRows("outbox");
  auto deleted = catalog_->DeleteCategory(CategoryWriteOf(dairy, "req-del"), 1);
  ASSERT_TRUE(deleted) << deleted.error().message;
  EXPECT_FALSE(*catalog_->FindCategory("dairy"));
  EXPECT_EQ(CountRows("outbox"), events_before + 1);
  auto replayed = catalog_->DeleteCategory(CategoryWriteOf(dairy, "req-del"), 1);
  ASSERT_TRUE(replayed) << replayed.error().message;
  EXPECT_EQ(replayed->id(), "dairy");
  auto gone = catalog_->DeleteCategory(CategoryWriteOf(dairy), 1);
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().kind, domain::ErrorKind::kNotFound);
}

TEST_P(SqlStoreTest, SetAvailableQuantityUpdatesStockWithoutVersionOrEvent) {
  AddCategory("dairy", "", "dairy");
  AddProduct("milk", "dairy", "Milk", {{"MILK-1", 100, false}, {"MILK-2", 200, false}});
  std::int64_t const events_before = CountRows("outbox");
  domain::ProductQuery in_stock;
  in_stock.in_stock_only = true;
  EXPECT_TRUE(ListedIds(catalog_->ListProducts(in_stock)).empty());

  ASSERT_TRUE(catalog_->SetAvailableQuantity("MILK-2", 12));
  auto milk = *catalog_->FindProduct("milk");
  EXPECT_EQ(milk->version(), 1);
  EXPECT_EQ(milk->variants(1).available_quantity(), 12);
  EXPECT_TRUE(milk->variants(1).in_stock());
  EXPECT_FALSE(milk->variants(0).in_stock());
  EXPECT_EQ(ListedIds(catalog_->ListProducts(in_stock)), (std::vector<std::string>{"milk"}));
  EXPECT_EQ(CountRows("outbox"), events_before);

  auto unknown = catalog_->SetAvailableQuantity("NOPE", 1);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().kind, domain::ErrorKind::kNotFound);
}

// A database that lost acknowledged commits (a backup restored, a failover to an asynchronous
// replica) goes back to an older generation; the next write must not hand out one of the lost
// ones again, or listings cached under it in Redis would be read as current.
TEST_P(SqlStoreTest, TheCatalogGenerationNeverRepeatsOneHandedOutBefore) {
  AddCategory("dairy", "", "dairy");
  auto const restored = catalog_->CatalogGeneration();
  ASSERT_TRUE(restored) << restored.error().message;
  AddCategory("bakery", "", "bakery");  // a write the database will lose
  auto const lost = catalog_->CatalogGeneration();
  ASSERT_TRUE(lost);
  ASSERT_TRUE(db().Transaction([&](adapters::SqlSession& session) {
    auto rolled_back = session.Exec("UPDATE catalog_generation SET generation = " + std::to_string(*restored));
    return rolled_back ? domain::Ok() : domain::Status(rolled_back.error());
  }));
  clock_.now_us += 1'000'000;  // the next write comes after the restore, later than the lost one
  AddCategory("fruit", "", "fruit");
  auto const next = catalog_->CatalogGeneration();
  ASSERT_TRUE(next);
  EXPECT_GT(*next, *lost);
}

}  // namespace
}  // namespace mercato::sql_test
