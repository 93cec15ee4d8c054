// ListProducts on both engines: every sort pages by keyset in the documented order without
// duplicates or gaps, and the text, price, stock and status filters select the right products.
#include <algorithm>
#include <set>
#include <tuple>

#include "server/adapters/sql/product_columns.h"
#include "tests/server/sql/sql_store_test.h"

namespace mercato::sql_test {
namespace {

// 25 products with shared names (differing in case only), prices and creation times, so that
// every sort needs its tie-breakers.
class ProductListingTest : public SqlStoreTest {
 protected:
  void SetUp() override {
    SqlStoreTest::SetUp();
    if (HasFatalFailure()) return;
    AddCategory("all", "", "all");
    static char const* const kNames[] = {"Banana", "banana bread", "Cabbage", "Ciabatta", "Apple",
                                         "APPLE",  "apple",        "Cherry",  "Damson",   "Elderflower"};
    for (int i = 0; i < 25; ++i) {
      clock_.now_us = 1'700'000'000'000'000 + (i % 6) * 1000;  // creation times repeat
      std::string const id = "p" + std::to_string(100 + (i * 7) % 25);  // ids not in insertion order
      v1::Product product = NewProduct(id, "all", kNames[i % 10], {{"SKU-" + id, 100 + (i % 5) * 50}});
      if (i == 14) product.set_brand("Baxters");  // an "Apple" that matches "ba" outside its name
      auto inserted = catalog_->InsertProduct(ProductWriteOf(product));
      ASSERT_TRUE(inserted) << inserted.error().message;
      products_.push_back(product);
    }
  }

  // The documented order: (number, text, id), number descending for PRICE_DESC and NEWEST.
  std::vector<std::string> Expected(v1::ProductSort sort, std::string const& text) {
    using Key = std::tuple<std::int64_t, std::string, std::string>;
    std::vector<Key> keys;
    for (auto const& product : products_) {
      auto const columns = adapters::ColumnsOf(product);
      if (columns.search_text.find(text) == std::string::npos) continue;
      std::int64_t number = 0;
      std::string key_text;
      switch (sort) {
        case v1::PRODUCT_SORT_PRICE_ASC:
          number = columns.min_price_minor;
          break;
        case v1::PRODUCT_SORT_PRICE_DESC:
          number = -columns.min_price_minor;
          break;
        case v1::PRODUCT_SORT_NEWEST:
          number = -(product.created_at().seconds() * 1'000'000 + product.created_at().nanos() / 1000);
          break;
        case v1::PRODUCT_SORT_RELEVANCE:
          number = columns.name_key.starts_with(text) ? 0 : columns.name_key.find(text) != std::string::npos ? 1 : 2;
          key_text = columns.name_key;
          break;
        default:
          key_text = columns.name_key;
      }
      keys.emplace_back(number, key_text, product.id());
    }
    std::sort(keys.begin(), keys.end());
    std::vector<std::string> ids;
    for (auto const& key : keys) ids.push_back(std::get<2>(key));
    return ids;
  }

  // Pages through with `limit` per page, each page after the last key of the previous one.
  std::vector<std::string> PageThrough(domain::ProductQuery query, int limit) {
    query.limit = limit;
    std::vector<std::string> ids;
    for (int page = 0; page < 100; ++page) {
      auto rows = catalog_->ListProducts(query);
      EXPECT_TRUE(rows) << rows.error().message;
      if (!rows) break;
      EXPECT_LE(static_cast<int>(rows->size()), limit);
      for (auto const& row : *rows) {
        ids.push_back(row.product.id());
        EXPECT_EQ(row.key.id, row.product.id());
      }
      if (static_cast<int>(rows->size()) < limit) break;
      query.after = rows->back().key;
    }
    return ids;
  }

  std::vector<v1::Product> products_;
};

TEST_P(ProductListingTest, EverySortPagesThroughInDocumentedOrderWithoutDuplicatesOrGaps) {
  struct Case {
    v1::ProductSort sort;
    std::string text;
  };
  for (auto const& [sort, text] : {Case{v1::PRODUCT_SORT_NAME, ""}, Case{v1::PRODUCT_SORT_PRICE_ASC, ""},
                                   Case{v1::PRODUCT_SORT_PRICE_DESC, ""}, Case{v1::PRODUCT_SORT_NEWEST, ""},
                                   Case{v1::PRODUCT_SORT_RELEVANCE, "ba"}, Case{v1::PRODUCT_SORT_NAME, "apple"}}) {
    SCOPED_TRACE(v1::ProductSort_Name(sort) + " '" + text + "'");
    domain::ProductQuery query;
    query.sort = sort;
    query.text = text;
    auto const expected = Expected(sort, text);
    ASSERT_FALSE(expected.empty());
    auto const paged = PageThrough(query, 7);
    EXPECT_EQ(paged, expected);
    EXPECT_EQ(std::set<std::string>(paged.begin(), paged.end()).size(), paged.size());
  }
}

TEST_P(ProductListingTest, SortKeysAreTheDocumentedPairs) {
  domain::ProductQuery query;
  query.sort = v1::PRODUCT_SORT_RELEVANCE;
  query.text = "ba";
  auto rows = catalog_->ListProducts(query);
  ASSERT_TRUE(rows) << rows.error().message;
  ASSERT_FALSE(rows->empty());
  EXPECT_EQ(rows->front().key.number, 0);
  EXPECT_EQ(rows->front().key.text, "banana");
  EXPECT_EQ(rows->back().key.number, 2);  // the Baxters brand match

  query = {};
  query.sort = v1::PRODUCT_SORT_PRICE_DESC;
  rows = catalog_->ListProducts(query);
  ASSERT_TRUE(rows);
  EXPECT_EQ(rows->front().key.number, 300);
  EXPECT_EQ(rows->front().key.text, "");
}

TEST_P(SqlStoreTest, FiltersSelectByTextPriceStockAndStatus) {
  AddCategory("all", "", "all");
  v1::Product oats = NewProduct("oats", "all", "Rolled Oats", {{"OAT-500", 250}});
  oats.set_description("Whole grain, 500 g");
  v1::Product porridge = NewProduct("porridge", "all", "Porridge 50% off", {{"POR_1", 199, false}});
  v1::Product honey = NewProduct("honey", "all", "Honey", {{"HON-1", 450}, {"HON-2", 150}});
  honey.set_brand("Bee Happy");
  v1::Product euro = NewProduct("euro", "all", "Euro oats", {{"EUR-1", 120, true, "EUR"}});
  v1::Product draft = NewProduct("draft", "all", "Draft oats", {{"DRAFT-1", 100}});
  draft.set_status(v1::PRODUCT_STATUS_DRAFT);
  for (auto const& product : {oats, porridge, honey, euro, draft}) {
    auto inserted = catalog_->InsertProduct(ProductWriteOf(product));
    ASSERT_TRUE(inserted) << inserted.error().message;
  }
  auto ids = [&](domain::ProductQuery const& query) {
    auto rows = catalog_->ListProducts(query);
    EXPECT_TRUE(rows) << rows.error().message;
    std::vector<std::string> found;
    if (rows) {
      for (auto const& row : *rows) found.push_back(row.product.id());
    }
    return found;
  };
  using Ids = std::vector<std::string>;

  domain::ProductQuery query;
  query.text = "oats";
  EXPECT_EQ(ids(query), (Ids{"euro", "oats"}));
  query.text = "bee";  // brand
  EXPECT_EQ(ids(query), (Ids{"honey"}));
  query.text = "grain";  // description
  EXPECT_EQ(ids(query), (Ids{"oats"}));
  query.text = "hon-2";  // SKU, lower-cased
  EXPECT_EQ(ids(query), (Ids{"honey"}));
  query.text = "50%";  // LIKE wildcards are literal text: "500 g" does not match
  EXPECT_EQ(ids(query), (Ids{"porridge"}));
  query.text = "por_";
  EXPECT_EQ(ids(query), (Ids{"porridge"}));
  query.text = "o_t";
  EXPECT_TRUE(ids(query).empty());

  query = {};
  query.currency_code = "GBP";
  query.min_price_minor = 150;  // honey's cheapest variant: 150, inclusive
  query.max_price_minor = 250;
  EXPECT_EQ(ids(query), (Ids{"honey", "porridge", "oats"}));  // by name
  query.sort = v1::PRODUCT_SORT_PRICE_ASC;
  EXPECT_EQ(ids(query), (Ids{"honey", "porridge", "oats"}));
  query.max_price_minor.reset();
  query.min_price_minor = 200;
  EXPECT_EQ(ids(query), (Ids{"oats"}));
  query.currency_code = "EUR";
  query.min_price_minor = 0;
  EXPECT_EQ(ids(query), (Ids{"euro"}));

  query = {};
  query.in_stock_only = true;
  EXPECT_EQ(ids(query), (Ids{"euro", "honey", "oats"}));

  query = {};
  query.status = v1::PRODUCT_STATUS_DRAFT;
  EXPECT_EQ(ids(query), (Ids{"draft"}));
}

INSTANTIATE_TEST_SUITE_P(Sql, ProductListingTest, ::testing::ValuesIn(Backends()), BackendName);

}  // namespace
}  // namespace mercato::sql_test
