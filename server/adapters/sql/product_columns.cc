// Derived product columns: sort keys, search text, price and stock summaries.
#include "server/adapters/sql/product_columns.h"

#include <algorithm>

namespace mercato::adapters {

std::string LowercaseAscii(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower;
}

ProductColumns ColumnsOf(v1::Product const& product) {
  ProductColumns columns;
  columns.name_key = LowercaseAscii(product.name());
  std::string search = product.name() + "\n" + product.brand() + "\n" + product.description();
  bool priced = false;
  for (auto const& variant : product.variants()) {
    search += "\n" + variant.sku();
    columns.in_stock = columns.in_stock || variant.in_stock();
    if (!priced) {
      columns.currency_code = variant.price().currency_code();
      columns.min_price_minor = variant.price().amount_minor();
      priced = true;
    } else if (variant.price().currency_code() == columns.currency_code) {
      columns.min_price_minor = std::min(columns.min_price_minor, variant.price().amount_minor());
    }
  }
  columns.search_text = LowercaseAscii(search);
  return columns;
}

}  // namespace mercato::adapters
