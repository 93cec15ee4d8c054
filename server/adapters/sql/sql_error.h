// The errors both SQL drivers report in the same shape, so that stores can react to a constraint
// without knowing the engine: a violated unique key names its table and columns.
#pragma once

#include <string>
#include <vector>

#include "server/domain/error.h"

namespace mercato::adapters {

inline constexpr char kUniqueViolation[] = "UNIQUE_VIOLATION";
inline constexpr char kForeignKeyViolation[] = "FOREIGN_KEY_VIOLATION";
inline constexpr char kTransactionConflict[] = "TRANSACTION_CONFLICT";

// ALREADY_EXISTS UNIQUE_VIOLATION with metadata {"table": "products", "columns": "slug"}; several
// columns are joined by ',' without spaces ("parent_id,slug"), in the constraint's order.
domain::Error UniqueViolation(std::string const& table, std::vector<std::string> const& columns,
                              std::string const& engine_message);
domain::Error ForeignKeyViolation(std::string const& table, std::string const& engine_message);

// Whether `error` is a unique violation on exactly `columns` of `table`.
bool IsUniqueViolation(domain::Error const& error, std::string const& table, std::string const& columns);
bool IsForeignKeyViolation(domain::Error const& error);

}  // namespace mercato::adapters
