// Opaque keyset page tokens for ListProducts: the last row's sort key plus a fingerprint of the
// filters, so that a token replayed with other filters is refused instead of paging nonsense.
#pragma once

#include <optional>
#include <string>

#include "server/domain/catalog/catalog_store.h"

namespace mercato::domain {

std::string EncodePageToken(std::string const& filter_fingerprint, ProductSortKey const& key);

// nullopt when the token is malformed or was made for other filters.
std::optional<ProductSortKey> DecodePageToken(std::string const& token, std::string const& filter_fingerprint);

}  // namespace mercato::domain
