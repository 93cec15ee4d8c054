// The SQL suite's fixture: fresh migrated database, stores, builders.
#include "tests/server/sql/sql_store_test.h"

#include <google/protobuf/util/time_util.h>

#include "server/adapters/sql/migrator.h"
#include "server/domain/events/event_factory.h"

namespace mercato::sql_test {

using google::protobuf::util::TimeUtil;

void SqlStoreTest::SetUp() {
  database_ = GetParam().open();
  ASSERT_NE(database_, nullptr);
  auto migrated = adapters::Migrate(db());
  ASSERT_TRUE(migrated) << migrated.error().message;
  first_migration_count_ = *migrated;
  catalog_ = std::make_unique<adapters::SqlCatalogStore>(db(), clock_);
  outbox_ = std::make_unique<adapters::SqlOutboxStore>(db());
}

void SqlStoreTest::TearDown() {
  catalog_.reset();
  outbox_.reset();
  database_.reset();
}

v1::Category SqlStoreTest::NewCategory(std::string const& id, std::string const& parent_id, std::string const& slug,
                                       int position) {
  v1::Category category;
  category.set_id(id);
  category.set_parent_id(parent_id);
  category.set_name("Category " + slug);
  category.set_slug(slug);
  category.set_position(position);
  category.set_version(1);
  *category.mutable_created_at() = TimeUtil::MicrosecondsToTimestamp(clock_.now_us);
  *category.mutable_updated_at() = TimeUtil::MicrosecondsToTimestamp(clock_.now_us);
  return category;
}

v1::Product SqlStoreTest::NewProduct(std::string const& id, std::string const& category_id, std::string const& name,
                                     std::vector<VariantSpec> const& variants) {
  v1::Product product;
  product.set_id(id);
  product.set_category_id(category_id);
  product.set_name(name);
  product.set_slug("slug-" + id);
  product.set_description("Description of " + id);
  product.set_brand("Brand");
  product.set_status(v1::PRODUCT_STATUS_ACTIVE);
  product.set_version(1);
  *product.mutable_created_at() = TimeUtil::MicrosecondsToTimestamp(clock_.now_us);
  *product.mutable_updated_at() = TimeUtil::MicrosecondsToTimestamp(clock_.now_us);
  for (auto const& spec : variants) {
    auto* variant = product.add_variants();
    variant->set_id("v-" + spec.sku);
    variant->set_sku(spec.sku);
    variant->mutable_price()->set_amount_minor(spec.price_minor);
    variant->mutable_price()->set_currency_code(spec.currency);
    variant->set_in_stock(spec.in_stock);
    variant->set_version(1);
  }
  return product;
}

domain::CategoryWrite SqlStoreTest::CategoryWriteOf(v1::Category const& category, std::string const& request_id,
                                                   std::string const& fingerprint) {
  v1::CategoryUpdated payload;
  *payload.mutable_category() = category;
  payload.set_change_kind(v1::CATALOG_CHANGE_KIND_UPDATED);
  domain::EventContext const context{"event-" + std::to_string(++next_event_), clock_.now_us, request_id, "test"};
  return {category,
          domain::MakeEvent(context, "catalog.category.updated", "category", category.id(), category.version(),
                            payload),
          {"catalog.Category", request_id, fingerprint},
          {}};
}

domain::ProductWrite SqlStoreTest::ProductWriteOf(v1::Product const& product, std::string const& request_id,
                                                 std::string const& fingerprint) {
  v1::ProductUpdated payload;
  *payload.mutable_product() = product;
  payload.set_change_kind(v1::CATALOG_CHANGE_KIND_UPDATED);
  domain::EventContext const context{"event-" + std::to_string(++next_event_), clock_.now_us, request_id, "test"};
  return {product,
          domain::MakeEvent(context, "catalog.product.updated", "product", product.id(), product.version(), payload),
          {"catalog.Product", request_id, fingerprint}};
}

v1::Category SqlStoreTest::AddCategory(std::string const& id, std::string const& parent_id, std::string const& slug,
                                       int position) {
  auto inserted = catalog_->InsertCategory(CategoryWriteOf(NewCategory(id, parent_id, slug, position)));
  EXPECT_TRUE(inserted) << inserted.error().message;
  return inserted ? *inserted : v1::Category();
}

v1::Product SqlStoreTest::AddProduct(std::string const& id, std::string const& category_id, std::string const& name,
                                     std::vector<VariantSpec> const& variants) {
  auto inserted = catalog_->InsertProduct(ProductWriteOf(NewProduct(id, category_id, name, variants)));
  EXPECT_TRUE(inserted) << inserted.error().message;
  return inserted ? *inserted : v1::Product();
}

std::int64_t SqlStoreTest::CountRows(std::string const& table) {
  auto count = adapters::InRead(db(), [&](adapters::SqlSession& session) -> domain::Result<std::int64_t> {
    auto rows = session.Exec("SELECT COUNT(*) AS n FROM " + table);
    if (!rows) return rows.error();
    return adapters::GetInt64(*rows, 0, "n");
  });
  EXPECT_TRUE(count) << count.error().message;
  return count ? *count : -1;
}

std::vector<v1::EventEnvelope> SqlStoreTest::AllSequencedEvents() {
  auto events = outbox_->ReadAfter(0, {}, 100000);
  EXPECT_TRUE(events) << events.error().message;
  return events ? *events : std::vector<v1::EventEnvelope>();
}

INSTANTIATE_TEST_SUITE_P(Sql, SqlStoreTest, ::testing::ValuesIn(Backends()), BackendName);

}  // namespace mercato::sql_test
