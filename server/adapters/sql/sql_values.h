// Small pieces every SQL store writes the same way.
#pragma once

#include <google/protobuf/timestamp.pb.h>
#include <google/protobuf/util/time_util.h>

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "server/adapters/sql/sql_database.h"

namespace mercato::adapters {

// Times are stored as microseconds since the epoch, bound as text.
inline std::string Micros(google::protobuf::Timestamp const& time) {
  return std::to_string(google::protobuf::util::TimeUtil::TimestampToMicroseconds(time));
}

// A read-modify-write locks the rows it reads in PostgreSQL (`clause`, e.g. "FOR UPDATE"); in
// SQLite, BEGIN IMMEDIATE already holds the database's only write lock.
inline std::string RowLock(SqlSession const& session, std::string_view clause) {
  return session.dialect() == SqlDialect::kPostgres ? " " + std::string(clause) : "";
}

// A top-level field of a stored JSON document (proto_json.h: proto field names) as text; NULL when
// the field is absent (protobuf JSON leaves out empty fields).
inline std::string JsonField(SqlSession const& session, std::string_view column, std::string_view field) {
  return session.dialect() == SqlDialect::kPostgres
             ? std::string(column) + "->>'" + std::string(field) + "'"
             : "json_extract(" + std::string(column) + ", '$." + std::string(field) + "')";
}

// Serializes the transactions that lock `name` until they end, for a rule over rows that no one
// row stands for (a customer's holds across slots): a PostgreSQL advisory lock on the name's hash
// (two names sharing a hash only wait for each other). nullopt in SQLite, where BEGIN IMMEDIATE
// already serializes writers.
inline std::optional<SqlStatement> NameLock(SqlSession const& session, std::string name) {
  if (session.dialect() != SqlDialect::kPostgres) return std::nullopt;
  return SqlStatement{"SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", {std::move(name)}};
}

}  // namespace mercato::adapters
