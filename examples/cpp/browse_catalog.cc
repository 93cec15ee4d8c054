// Storefront example: browse Mercato's catalog with the C++ SDK. Shows the category tree, a
// search with prices, one product's variants, and the local cache answering a repeat read.
//
//   browse_catalog [endpoint]     (default: $MERCATO_ENDPOINT or localhost:50051)
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "mercato/client.h"

namespace {

std::string FormatPrice(mercato::v1::Money const& money) {
  char text[64];
  std::snprintf(text, sizeof text, "%lld.%02lld %s", static_cast<long long>(money.amount_minor() / 100),
                static_cast<long long>(money.amount_minor() % 100), money.currency_code().c_str());
  return text;
}

int Fail(char const* what, mercato::Status const& status) {
  std::fprintf(stderr, "%s failed: %s (%s)\n", what, status.message().c_str(),
               mercato::StatusCodeToString(status.code()).c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  mercato::Options options;
  char const* env_endpoint = std::getenv("MERCATO_ENDPOINT");
  options.endpoint = argc > 1 ? argv[1] : (env_endpoint != nullptr ? env_endpoint : "localhost:50051");
  mercato::Client client(options);
  auto catalog = client.catalog();

  std::printf("Mercato storefront at %s\n\nDepartments and aisles:\n", options.endpoint.c_str());
  std::map<std::string, std::vector<std::string>> aisles;
  std::vector<mercato::v1::Category> departments;
  for (auto const& category : catalog.ListCategories()) {
    if (!category.ok()) return Fail("listing categories", category.status());
    if (category->parent_id().empty()) {
      departments.push_back(*category);
    } else {
      aisles[category->parent_id()].push_back(category->name());
    }
  }
  for (auto const& department : departments) {
    std::printf("  %s\n", department.name().c_str());
    for (auto const& aisle : aisles[department.id()]) std::printf("    - %s\n", aisle.c_str());
  }

  std::printf("\nSearch \"milk\", cheapest first:\n");
  mercato::v1::ListProductsRequest search;
  search.set_query("milk");
  search.set_sort(mercato::v1::PRODUCT_SORT_PRICE_ASC);
  search.set_page_size(10);
  std::string first_id;
  int shown = 0;
  for (auto const& product : catalog.ListProducts(search)) {
    if (!product.ok()) return Fail("searching", product.status());
    if (first_id.empty()) first_id = product->id();
    auto const& cheapest = product->variants(0);
    std::printf("  %-40s from %s%s\n", product->name().c_str(), FormatPrice(cheapest.price()).c_str(),
                cheapest.in_stock() ? "" : "  (sold out)");
    if (++shown == 10) break;
  }
  if (first_id.empty()) {
    std::fprintf(stderr, "no product matches \"milk\": is the demo catalog seeded?\n");
    return 1;
  }

  auto read = catalog.GetProduct(first_id);
  if (!read.ok()) return Fail("reading a product", read.status());
  // A cached read answers with a read-only product shared with the cache (no copy on a hit).
  mercato::Shared<mercato::v1::Product> const product = *read;
  std::printf("\n%s (%s), version %lld:\n", product->name().c_str(), product->brand().c_str(),
              static_cast<long long>(product->version()));
  // Availability comes from inventory, the system of record for stock (the demo's is at "dc1").
  std::vector<mercato::v1::StockKey> keys;
  for (auto const& variant : product->variants()) {
    auto& key = keys.emplace_back();
    key.set_sku(variant.sku());
    key.set_location_id("dc1");
  }
  auto stock = client.inventory().BatchGetStock(keys);
  if (!stock.ok()) return Fail("reading stock", stock.status());
  for (int i = 0; i < product->variants_size(); ++i) {
    auto const& variant = product->variants(i);
    auto const available = (*stock)[static_cast<std::size_t>(i)].available();
    std::printf("  %-24s %-12s %s, %lld available\n", variant.sku().c_str(), variant.name().c_str(),
                FormatPrice(variant.price()).c_str(), static_cast<long long>(available));
  }

  auto again = catalog.GetProduct(first_id);
  if (!again.ok()) return Fail("reading the product again", again.status());
  auto const stats = catalog.cache_stats();
  std::printf("\nLocal cache: %llu hit(s), %llu miss(es); the repeat read made no round trip.\n",
              static_cast<unsigned long long>(stats.hits), static_cast<unsigned long long>(stats.misses));
  return 0;
}
