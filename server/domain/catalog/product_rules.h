// The rules a product must satisfy to be stored, and how partial updates apply to one.
#pragma once

#include <google/protobuf/field_mask.pb.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "mercato/v1/catalog.pb.h"
#include "server/domain/error.h"
#include "server/domain/id_generator.h"

namespace mercato::domain {

// Lower-case ASCII letters and digits joined by single dashes, e.g. "Oat Milk 1L" -> "oat-milk-1l".
std::string Slugify(std::string_view text);

// Trims text fields, fills the slug from the name when empty, gives new variants ids, defaults the
// status to ACTIVE, then checks every rule; the first violation names its field.
Status NormalizeProduct(v1::Product& product, IdGenerator& ids);

// Copies the fields named by `mask` from `changes` onto `current`. Output-only or unknown paths
// are INVALID_ARGUMENT. "variants" replaces the list: entries with a known id keep it (and their
// stock summary), entries without one are new.
Result<v1::Product> ApplyProductMask(v1::Product current, v1::Product const& changes,
                                     google::protobuf::FieldMask const& mask);

// The cheapest variant price in minor units; nullopt without variants.
std::optional<std::int64_t> CheapestPrice(v1::Product const& product);

// Validation shared with categories. NormalizeName trims a display name and applies the text rule
// (field_text.h): 1-200 characters, a visible one among them, no control characters.
Status NormalizeName(std::string const& field, std::string& value);
Status CheckSlug(std::string const& field, std::string const& value);

}  // namespace mercato::domain
