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
constexpr int kMaxProductAttributes = 50;
constexpr int kMaxVariantAttributes = 20;
constexpr std::size_t kMaxAttributeName = 64;
constexpr std::size_t kMaxAttributeValue = 256;
constexpr int kMaxImages = 20;
constexpr std::size_t kMaxImageUrlBytes = 2048;
constexpr std::size_t kMaxBarcodeDigits = 14;  // GTIN-14, the longest GS1 trade item number
constexpr std::int64_t kMaxUnitQuantity = 1'000'000;

// Attributes drive filters; bounded so that a product stays a small record in every listing,
// event and Kafka message.
Status CheckAttributes(std::string const& field, google::protobuf::Map<std::string, std::string> const& attributes,
                       int max_entries) {
  if (static_cast<int>(attributes.size()) > max_entries) {
    return InvalidArgument(field, field + " holds " + std::to_string(attributes.size()) + " entries; at most " +
                                      std::to_string(max_entries));
  }
  for (auto const& [key, value] : attributes) {
    std::string name = key;
    std::string text = value;
    if (!NormalizeText(field, name, {kMaxAttributeName, true, false}) || name != key ||
        !NormalizeText(field, text, {kMaxAttributeValue, false, false})) {
      return InvalidArgument(field, field + " names are 1-64 characters and values at most 256, without control "
                                            "characters or surrounding spaces (\"" + Echo(key) + "\")");
    }
  }
  return Ok();
}

bool IsImageUrl(std::string const& url) {
  bool const scheme = url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0;
  return scheme && url.size() <= kMaxImageUrlBytes && std::none_of(url.begin(), url.end(), [](char c) {
           auto const byte = static_cast<unsigned char>(c);
           return byte <= 0x20 || byte == 0x7F;
         });
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
  if (variant.unit_quantity() < 0 || variant.unit_quantity() > kMaxUnitQuantity) {
    return InvalidArgument(field + ".unit_quantity", field + ".unit_quantity must be 0 to 1000000");
  }
  if (!variant.barcode().empty() &&
      (variant.barcode().size() > kMaxBarcodeDigits ||
       !std::all_of(variant.barcode().begin(), variant.barcode().end(), [](char c) { return c >= '0' && c <= '9'; }))) {
    return InvalidArgument(field + ".barcode", field + ".barcode must be a GTIN: up to 14 digits");
  }
  return CheckAttributes(field + ".attributes", variant.attributes(), kMaxVariantAttributes);
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
  if (auto attributes = CheckAttributes("product.attributes", product.attributes(), kMaxProductAttributes);
      !attributes) {
    return attributes;
  }
  if (product.image_urls_size() > kMaxImages) {
    return InvalidArgument("product.image_urls", "a product has at most " + std::to_string(kMaxImages) + " images");
  }
  for (int i = 0; i < product.image_urls_size(); ++i) {
    if (!IsImageUrl(product.image_urls(i))) {
      return InvalidArgument("product.image_urls[" + std::to_string(i) + "]",
                             "image URLs are http(s) URLs of at most 2048 bytes, without spaces or control characters");
    }
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
