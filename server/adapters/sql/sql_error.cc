// Shared shapes of the SQL drivers' constraint errors.
#include "server/adapters/sql/sql_error.h"

namespace mercato::adapters {

domain::Error UniqueViolation(std::string const& table, std::vector<std::string> const& columns,
                              std::string const& engine_message) {
  std::string joined;
  for (auto const& column : columns) joined += (joined.empty() ? "" : ",") + column;
  return {domain::ErrorKind::kAlreadyExists, kUniqueViolation, engine_message,
          {{"table", table}, {"columns", joined}}};
}

domain::Error ForeignKeyViolation(std::string const& table, std::string const& engine_message) {
  return {domain::ErrorKind::kFailedPrecondition, kForeignKeyViolation, engine_message, {{"table", table}}};
}

bool IsUniqueViolation(domain::Error const& error, std::string const& table, std::string const& columns) {
  if (error.reason != kUniqueViolation) return false;
  auto const found_table = error.metadata.find("table");
  auto const found_columns = error.metadata.find("columns");
  return found_table != error.metadata.end() && found_table->second == table &&
         found_columns != error.metadata.end() && found_columns->second == columns;
}

bool IsForeignKeyViolation(domain::Error const& error) { return error.reason == kForeignKeyViolation; }

}  // namespace mercato::adapters
