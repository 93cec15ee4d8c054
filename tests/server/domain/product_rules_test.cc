// Product validation and partial updates: each rule refuses what it should, names the field.
#include <gtest/gtest.h>

#include "server/domain/catalog/product_rules.h"

namespace mercato::domain {
namespace {

class SequentialIds final : public IdGenerator {
 public:
  std::string NewId() override { return "id-" + std::to_string(++next_); }

 private:
  int next_ = 0;
};

v1::Product ValidProduct() {
  v1::Product product;
  product.set_name("  Oat Milk Barista  ");
  product.set_category_id("cat-1");
  auto& variant = *product.add_variants();
  variant.set_sku("OAT-1L");
  variant.set_name("1 l");
  variant.mutable_price()->set_amount_minor(199);
  variant.mutable_price()->set_currency_code("GBP");
  return product;
}

template <typename T>
std::string FailedField(Result<T> const& status) {
  EXPECT_FALSE(status.ok());
  if (status.ok()) return {};
  EXPECT_EQ(status.error().kind, ErrorKind::kInvalidArgument);
  return status.error().metadata.at("field");
}

TEST(Slugify, LowercasesAndJoinsWordsWithSingleDashes) {
  EXPECT_EQ(Slugify("Oat Milk -- Barista 1L!"), "oat-milk-barista-1l");
  EXPECT_EQ(Slugify("  Crème fraîche "), "cr-me-fra-che");
  EXPECT_EQ(Slugify("!!!"), "");
}

TEST(NormalizeProduct, TrimsFillsSlugStatusAndVariantIds) {
  SequentialIds ids;
  auto product = ValidProduct();
  ASSERT_TRUE(NormalizeProduct(product, ids).ok());
  EXPECT_EQ(product.name(), "Oat Milk Barista");
  EXPECT_EQ(product.slug(), "oat-milk-barista");
  EXPECT_EQ(product.status(), v1::PRODUCT_STATUS_ACTIVE);
  EXPECT_EQ(product.variants(0).id(), "id-1");
}

TEST(NormalizeProduct, RefusesEachBrokenRuleNamingTheField) {
  SequentialIds ids;
  auto no_name = ValidProduct();
  no_name.set_name("   ");
  EXPECT_EQ(FailedField(NormalizeProduct(no_name, ids)), "product.name");

  auto bad_slug = ValidProduct();
  bad_slug.set_slug("Oat Milk");
  EXPECT_EQ(FailedField(NormalizeProduct(bad_slug, ids)), "product.slug");

  auto no_category = ValidProduct();
  no_category.clear_category_id();
  EXPECT_EQ(FailedField(NormalizeProduct(no_category, ids)), "product.category_id");

  auto no_variants = ValidProduct();
  no_variants.clear_variants();
  EXPECT_EQ(FailedField(NormalizeProduct(no_variants, ids)), "product.variants");

  auto bad_sku = ValidProduct();
  bad_sku.mutable_variants(0)->set_sku("OAT 1L");
  EXPECT_EQ(FailedField(NormalizeProduct(bad_sku, ids)), "product.variants[0].sku");

  auto bad_currency = ValidProduct();
  bad_currency.mutable_variants(0)->mutable_price()->set_currency_code("pounds");
  EXPECT_EQ(FailedField(NormalizeProduct(bad_currency, ids)), "product.variants[0].price.currency_code");

  auto negative = ValidProduct();
  negative.mutable_variants(0)->mutable_price()->set_amount_minor(-1);
  EXPECT_EQ(FailedField(NormalizeProduct(negative, ids)), "product.variants[0].price.amount_minor");

  auto mixed = ValidProduct();
  *mixed.add_variants() = mixed.variants(0);
  mixed.mutable_variants(1)->set_sku("OAT-2L");
  mixed.mutable_variants(1)->mutable_price()->set_currency_code("EUR");
  EXPECT_EQ(FailedField(NormalizeProduct(mixed, ids)), "product.variants[1].price.currency_code");

  auto duplicate = ValidProduct();
  *duplicate.add_variants() = duplicate.variants(0);
  EXPECT_EQ(FailedField(NormalizeProduct(duplicate, ids)), "product.variants[1].sku");
}

TEST(NormalizeProduct, AllowsADraftWithoutVariants) {
  SequentialIds ids;
  auto draft = ValidProduct();
  draft.clear_variants();
  draft.set_status(v1::PRODUCT_STATUS_DRAFT);
  EXPECT_TRUE(NormalizeProduct(draft, ids).ok());
}

TEST(ApplyProductMask, ChangesOnlyMaskedFields) {
  auto current = ValidProduct();
  current.set_brand("Oatly");
  v1::Product changes;
  changes.set_name("Oat Drink");
  changes.set_brand("ignored");
  google::protobuf::FieldMask mask;
  mask.add_paths("name");
  auto updated = ApplyProductMask(current, changes, mask);
  ASSERT_TRUE(updated.ok());
  EXPECT_EQ(updated->name(), "Oat Drink");
  EXPECT_EQ(updated->brand(), "Oatly");
}

TEST(ApplyProductMask, RefusesEmptyUnknownAndOutputOnlyPaths) {
  google::protobuf::FieldMask empty;
  EXPECT_EQ(FailedField(ApplyProductMask(ValidProduct(), {}, empty)), "update_mask");
  for (char const* path : {"version", "id", "colour"}) {
    google::protobuf::FieldMask mask;
    mask.add_paths(path);
    EXPECT_EQ(FailedField(ApplyProductMask(ValidProduct(), {}, mask)), "update_mask") << path;
  }
}

TEST(ApplyProductMask, VariantsKeepStockOfKnownIdsAndRefuseForeignIds) {
  auto current = ValidProduct();
  current.mutable_variants(0)->set_id("v1");
  current.mutable_variants(0)->set_available_quantity(7);
  current.mutable_variants(0)->set_in_stock(true);
  current.mutable_variants(0)->set_version(3);
  v1::Product changes;
  auto& kept = *changes.add_variants();
  kept = current.variants(0);
  kept.set_available_quantity(999);  // output-only: must not be taken from the request
  kept.mutable_price()->set_amount_minor(149);
  auto& added = *changes.add_variants();
  added.set_sku("OAT-2L");
  google::protobuf::FieldMask mask;
  mask.add_paths("variants");
  auto updated = ApplyProductMask(current, changes, mask);
  ASSERT_TRUE(updated.ok());
  ASSERT_EQ(updated->variants_size(), 2);
  EXPECT_EQ(updated->variants(0).price().amount_minor(), 149);
  EXPECT_EQ(updated->variants(0).available_quantity(), 7);
  EXPECT_EQ(updated->variants(0).version(), 4);
  EXPECT_EQ(updated->variants(1).available_quantity(), 0);

  changes.mutable_variants(0)->set_id("not-mine");
  EXPECT_EQ(FailedField(ApplyProductMask(current, changes, mask)), "product.variants");
}

TEST(CheapestPrice, IsTheLowestVariantPrice) {
  auto product = ValidProduct();
  *product.add_variants() = product.variants(0);
  product.mutable_variants(1)->mutable_price()->set_amount_minor(99);
  EXPECT_EQ(CheapestPrice(product), 99);
  product.clear_variants();
  EXPECT_EQ(CheapestPrice(product), std::nullopt);
}

}  // namespace
}  // namespace mercato::domain
