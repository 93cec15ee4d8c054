// The demo catalog mercatod seeds on a first embedded run: a real tree, a few hundred products with
// sized variants under readable SKUs in one currency, their stock received through inventory (some
// sold out) and shown alike by the catalog; and a second start seeds nothing.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "server/app/demo_catalog.h"
#include "server/app/domain_contexts.h"
#include "tests/server/service/service_fixture.h"

namespace mercato::testing {
namespace {

class DemoCatalogTest : public ServiceTest {};

TEST_P(DemoCatalogTest, SeedsABrowsableGroceryCatalogOnce) {
  auto& backend = server().backend();
  auto const context = server::MakeCatalogContext(backend);
  domain::ProductCatalog products(context);
  domain::CategoryTree categories(context);
  domain::StockKeeping stock(server::MakeInventoryContext(backend));

  auto seeded = server::SeedDemoCatalog(categories, products, stock, *backend.catalog_store);
  ASSERT_TRUE(seeded.ok()) << seeded.error().message;
  EXPECT_GE(*seeded, 300);

  auto tree = backend.catalog_store->ListCategories(std::nullopt);
  ASSERT_TRUE(tree.ok());
  int roots = 0;
  for (auto const& category : *tree) roots += category.parent_id().empty() ? 1 : 0;
  EXPECT_GE(roots, 5);
  EXPECT_GE(static_cast<int>(tree->size()) - roots, 20) << "departments have aisles under them";

  domain::ProductQuery everything;
  everything.limit = 1000;
  auto listed = backend.catalog_store->ListProducts(everything);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(static_cast<int>(listed->size()), *seeded);
  std::set<std::string> currencies;
  int sold_out = 0;
  int multi_variant = 0;
  for (auto const& row : *listed) {
    multi_variant += row.product.variants_size() > 1 ? 1 : 0;
    v1::BatchGetStockRequest held;
    for (auto const& variant : row.product.variants()) {
      currencies.insert(variant.price().currency_code());
      EXPECT_GT(variant.price().amount_minor(), 0);
      EXPECT_TRUE(std::regex_match(variant.sku(), std::regex("(MC|GA|HF)-[A-Z0-9]+(-[A-Z0-9]+)*"))) << variant.sku();
      sold_out += variant.available_quantity() == 0 ? 1 : 0;
      auto& key = *held.add_keys();
      key.set_sku(variant.sku());
      key.set_location_id(server::kDemoLocation);
    }
    // Inventory holds what the catalog shows: stock was received through the ledger.
    auto stock_items = stock.BatchGetStock(held);
    ASSERT_TRUE(stock_items.ok()) << stock_items.error().message;
    for (auto const& variant : row.product.variants()) {
      std::int64_t available = 0;
      for (auto const& item : stock_items->stock_items()) {
        if (item.sku() == variant.sku()) available = item.available();
      }
      EXPECT_EQ(available, variant.available_quantity()) << variant.sku();
    }
  }
  EXPECT_EQ(currencies, (std::set<std::string>{"GBP"}));
  EXPECT_EQ(multi_variant, *seeded) << "every product comes in several sizes";
  EXPECT_GT(sold_out, 0);

  auto again = server::SeedDemoCatalog(categories, products, stock, *backend.catalog_store);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0);
}

INSTANTIATE_TEST_SUITE_P(Embedded, DemoCatalogTest, ::testing::Values(BackendKind::kEmbedded), BackendName);

}  // namespace
}  // namespace mercato::testing
