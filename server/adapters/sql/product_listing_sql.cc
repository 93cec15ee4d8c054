// ListProducts as SQL that means the same in SQLite and PostgreSQL.
#include "server/adapters/sql/product_listing_sql.h"

#include "server/adapters/sql/product_columns.h"

namespace mercato::adapters {
namespace {

// The category's own id: the last segment of its path "/.../<id>/".
std::string CategoryIdOf(std::string const& path) {
  std::string_view trimmed(path);
  if (trimmed.ends_with('/')) trimmed.remove_suffix(1);
  return std::string(trimmed.substr(trimmed.rfind('/') + 1));
}

bool Descending(v1::ProductSort sort) {
  return sort == v1::PRODUCT_SORT_PRICE_DESC || sort == v1::PRODUCT_SORT_NEWEST;
}

}  // namespace

std::string EscapeLike(std::string_view text) {
  std::string escaped;
  for (char c : text) {
    if (c == '\\' || c == '%' || c == '_') escaped += '\\';
    escaped += c;
  }
  return escaped;
}

ProductListingSql BuildProductListingSql(domain::ProductQuery const& query) {
  SqlParamList params;
  std::string const text = EscapeLike(LowercaseAscii(query.text));
  auto sort = query.sort;
  if (sort == v1::PRODUCT_SORT_UNSPECIFIED) sort = text.empty() ? v1::PRODUCT_SORT_NAME : v1::PRODUCT_SORT_RELEVANCE;

  std::string sort_number = "CAST(0 AS BIGINT)";
  std::string sort_text = "CAST('' AS TEXT)";
  switch (sort) {
    case v1::PRODUCT_SORT_PRICE_ASC:
    case v1::PRODUCT_SORT_PRICE_DESC:
      sort_number = "min_price_minor";
      break;
    case v1::PRODUCT_SORT_NEWEST:
      sort_number = "created_at_us";
      break;
    case v1::PRODUCT_SORT_RELEVANCE:
      sort_number = "CASE WHEN name_key LIKE " + params.Add(text + "%") + " ESCAPE '\\' THEN 0 WHEN name_key LIKE " +
                    params.Add("%" + text + "%") + " ESCAPE '\\' THEN 1 ELSE 2 END";
      sort_text = "name_key";
      break;
    default:  // NAME
      sort_text = "name_key";
      break;
  }

  std::string where = "1 = 1";
  if (query.status != v1::PRODUCT_STATUS_UNSPECIFIED) {
    where += " AND status = " + params.AddInt(query.status);
  }
  if (query.category_path) {
    if (query.include_descendants) {
      std::string const path = params.Add(*query.category_path);
      where += " AND category_id IN (SELECT id FROM categories WHERE substr(path, 1, length(" + path + ")) = " +
               path + ")";
    } else {
      where += " AND category_id = " + params.Add(CategoryIdOf(*query.category_path));
    }
  }
  if (!text.empty()) where += " AND search_text LIKE " + params.Add("%" + text + "%") + " ESCAPE '\\'";
  if (query.min_price_minor || query.max_price_minor) {
    where += " AND currency_code = " + params.Add(query.currency_code);
    if (query.min_price_minor) where += " AND min_price_minor >= " + params.AddInt(*query.min_price_minor);
    if (query.max_price_minor) where += " AND min_price_minor <= " + params.AddInt(*query.max_price_minor);
  }
  if (query.in_stock_only) where += " AND in_stock = TRUE";

  bool const descending = Descending(sort);
  std::string keyset;
  if (query.after) {
    std::string const number = params.AddInt(query.after->number);
    std::string const after_text = params.Add(query.after->text);
    keyset = " WHERE (sort_number " + std::string(descending ? "<" : ">") + " " + number + " OR (sort_number = " +
             number + " AND (sort_text > " + after_text + " OR (sort_text = " + after_text + " AND id > " +
             params.Add(query.after->id) + "))))";
  }

  std::string sql = "SELECT id, document, sort_number, sort_text FROM (SELECT id, document, " + sort_number +
                    " AS sort_number, " + sort_text + " AS sort_text FROM products WHERE " + where + ") AS listed" +
                    keyset + " ORDER BY sort_number" + (descending ? " DESC" : "") + ", sort_text, id LIMIT " +
                    params.AddInt(query.limit);
  return {std::move(sql), params.params()};
}

}  // namespace mercato::adapters
