// Product validation and partial updates.
#include "server/domain/catalog/product_rules.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <unordered_map>

#include "server/domain/field_text.h"
#include "server/domain/money.h"

namespace mercato::domain {
namespace {

constexpr std::size_t kMaxNameLength = 200;
constexpr std::size_t kMaxSlugLength = 100;
constexpr std::size_t kMaxSkuLength = 64;
constexpr std::size_t kMaxDescriptionLength = 10000;
constexpr int kMaxVariants = 100;

bool IsSkuChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' || c == '.';
}

Status CheckPrice(std::string const& field, v1::Money const& money, std::string const& currency) {
  if (auto valid = CheckMoney(field, money); !valid) return valid;
  if (money.currency_code() != currency) {
    return InvalidArgument(field + ".currency_code", "all prices of a product must be in one currency (" +
                                                         currency + "), " + field + " is in " +
                                                         money.currency_code());
  }
  if (money.amount_minor() < 0) {
    return InvalidArgument(field + ".amount_minor", field + " must not be negative");
  }
  return Ok();
}

Status CheckVariant(std::string const& field, v1::Variant& variant, std::string const& currency) {
  if (variant.sku().empty() || variant.sku().size() > kMaxSkuLength ||
      !std::all_of(variant.sku().begin(), variant.sku().end(), IsSkuChar)) {
    return InvalidArgument(field + ".sku", field + ".sku must be 1-64 letters, digits, '-', '_' or '.', got \"" +
                                               Echo(variant.sku()) + "\"");
  }
  if (auto name = NormalizeName(field + ".name", *variant.mutable_name()); !name) return name;
  if (!variant.has_price()) return InvalidArgument(field + ".price", field + ".price is required");
  if (auto price = CheckPrice(field + ".price", variant.price(), currency); !price) return price;
  if (variant.has_compare_at_price()) {
    if (auto compare = CheckPrice(field + ".compare_at_price", variant.compare_at_price(), currency); !compare) {
      return compare;
    }
  }
  if (variant.unit_quantity() < 0) {
    return InvalidArgument(field + ".unit_quantity", field + ".unit_quantity must not be negative");
  }
  for (auto const& [key, value] : variant.attributes()) {
    if (key.empty()) return InvalidArgument(field + ".attributes", "attribute names must not be empty");
  }
  return Ok();
}

}  // namespace

std::string Slugify(std::string_view text) {
  std::string slug;
  bool dash = false;
  for (char c : text) {
    auto const u = static_cast<unsigned char>(c);
    if (std::isalnum(u) != 0 && u < 128) {
      if (dash && !slug.empty()) slug += '-';
      slug += static_cast<char>(std::tolower(u));
      dash = false;
    } else {
      dash = true;
    }
  }
  if (slug.size() > kMaxSlugLength) slug.resize(kMaxSlugLength);
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  return slug;
}

Status NormalizeName(std::string const& field, std::string& value) {
  return NormalizeText(field, value, {kMaxNameLength, true, false});
}

Status CheckSlug(std::string const& field, std::string const& value) {
  bool const valid = !value.empty() && value.size() <= kMaxSlugLength && value == Slugify(value);
  if (!valid) {
    return InvalidArgument(field, field + " must be lower-case letters and digits joined by dashes, e.g. \"" +
                                      Slugify(value.empty() ? "oat milk" : value) + "\"");
  }
  return Ok();
}

Status NormalizeProduct(v1::Product& product, IdGenerator& ids) {
  if (auto name = NormalizeName("product.name", *product.mutable_name()); !name) return name;
  if (auto brand = NormalizeText("product.brand", *product.mutable_brand(), {kMaxNameLength, false, false}); !brand) {
    return brand;
  }
  auto description =
      NormalizeText("product.description", *product.mutable_description(), {kMaxDescriptionLength, false, true});
  if (!description) return description;
  if (product.slug().empty()) product.set_slug(Slugify(product.name()));
  if (product.status() == v1::PRODUCT_STATUS_UNSPECIFIED) product.set_status(v1::PRODUCT_STATUS_ACTIVE);
  for (auto& variant : *product.mutable_variants()) {
    variant.set_sku(TrimText(variant.sku()));
    if (variant.id().empty()) variant.set_id(ids.NewId());
  }

  if (auto slug = CheckSlug("product.slug", product.slug()); !slug) return slug;
  if (product.category_id().empty()) {
    return InvalidArgument("product.category_id", "product.category_id is required");
  }
  if (product.variants().empty() && product.status() == v1::PRODUCT_STATUS_ACTIVE) {
    return InvalidArgument("product.variants", "an ACTIVE product needs at least one variant");
  }
  if (product.variants_size() > kMaxVariants) {
    return InvalidArgument("product.variants", "a product has at most 100 variants");
  }
  std::string const currency =
      product.variants().empty() ? std::string() : product.variants(0).price().currency_code();
  std::set<std::string> skus;
  for (int i = 0; i < product.variants_size(); ++i) {
    std::string const field = "product.variants[" + std::to_string(i) + "]";
    if (auto variant = CheckVariant(field, *product.mutable_variants(i), currency); !variant) return variant;
    if (!skus.insert(product.variants(i).sku()).second) {
      return InvalidArgument(field + ".sku", "SKU \"" + product.variants(i).sku() + "\" appears twice");
    }
  }
  for (auto const& [key, value] : product.attributes()) {
    if (key.empty()) return InvalidArgument("product.attributes", "attribute names must not be empty");
  }
  return Ok();
}

Result<v1::Product> ApplyProductMask(v1::Product current, v1::Product const& changes,
                                     google::protobuf::FieldMask const& mask) {
  if (mask.paths().empty()) {
    return InvalidArgument("update_mask", "update_mask must name at least one field to change");
  }
  for (auto const& path : mask.paths()) {
    if (path == "name") {
      current.set_name(changes.name());
    } else if (path == "slug") {
      current.set_slug(changes.slug());
    } else if (path == "description") {
      current.set_description(changes.description());
    } else if (path == "brand") {
      current.set_brand(changes.brand());
    } else if (path == "category_id") {
      current.set_category_id(changes.category_id());
    } else if (path == "attributes") {
      *current.mutable_attributes() = changes.attributes();
    } else if (path == "status") {
      if (changes.status() == v1::PRODUCT_STATUS_UNSPECIFIED) {
        return InvalidArgument("product.status", "product.status is in update_mask but not set: give "
                                                 "PRODUCT_STATUS_DRAFT, PRODUCT_STATUS_ACTIVE or PRODUCT_STATUS_ARCHIVED");
      }
      current.set_status(changes.status());
    } else if (path == "image_urls") {
      *current.mutable_image_urls() = changes.image_urls();
    } else if (path == "variants") {
      std::unordered_map<std::string, v1::Variant> existing;
      for (auto const& variant : current.variants()) existing[variant.id()] = variant;
      current.clear_variants();
      for (auto const& wanted : changes.variants()) {
        v1::Variant variant = wanted;
        if (!variant.id().empty()) {
          auto found = existing.find(variant.id());
          if (found == existing.end()) {
            return InvalidArgument("product.variants", "variant id '" + variant.id() +
                                                           "' is not a variant of this product; leave id "
                                                           "empty to add a new variant");
          }
          variant.set_in_stock(found->second.in_stock());
          variant.set_available_quantity(found->second.available_quantity());
          variant.set_version(found->second.version() + 1);
        } else {
          variant.set_in_stock(false);
          variant.set_available_quantity(0);
          variant.set_version(1);
        }
        *current.add_variants() = std::move(variant);
      }
    } else {
      return InvalidArgument("update_mask", "\"" + path +
                                                "\" cannot be updated; allowed: name, slug, description, brand, "
                                                "category_id, attributes, status, image_urls, variants");
    }
  }
  return current;
}

std::optional<std::int64_t> CheapestPrice(v1::Product const& product) {
  std::optional<std::int64_t> cheapest;
  for (auto const& variant : product.variants()) {
    auto const price = variant.price().amount_minor();
    if (!cheapest || price < *cheapest) cheapest = price;
  }
  return cheapest;
}

}  // namespace mercato::domain
