// Builds the one SELECT behind CatalogStore::ListProducts: the query's filters, the per-sort
// (sort_number, sort_text) pair, the keyset condition after the previous page and the limit.
#pragma once

#include <string>
#include <string_view>

#include "server/adapters/sql/sql_database.h"
#include "server/domain/catalog/catalog_store.h"

namespace mercato::adapters {

struct ProductListingSql {
  std::string sql;  // selects id, document, sort_number, sort_text in listing order
  SqlParams params;
};

ProductListingSql BuildProductListingSql(domain::ProductQuery const& query);

// `text` with LIKE's wildcards (and the escape character '\') escaped, for LIKE ... ESCAPE '\'.
std::string EscapeLike(std::string_view text);

}  // namespace mercato::adapters
