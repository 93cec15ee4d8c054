// The columns a product row keeps beside its JSON document so that SQL can filter and sort on
// them; computed here, in C++, so that both engines see exactly the same bytes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "mercato/v1/catalog.pb.h"

namespace mercato::adapters {

struct ProductColumns {
  std::string name_key;              // lower-cased name
  std::string search_text;           // lower-cased name, brand, description and SKUs
  std::int64_t min_price_minor = 0;  // cheapest variant priced in currency_code; 0 without variants
  std::string currency_code;         // the first variant's currency; "" without variants
  bool in_stock = false;             // any variant in stock
};

ProductColumns ColumnsOf(v1::Product const& product);

// ASCII lower case, byte for byte (other bytes, e.g. UTF-8 sequences, are kept).
std::string LowercaseAscii(std::string_view text);

}  // namespace mercato::adapters
