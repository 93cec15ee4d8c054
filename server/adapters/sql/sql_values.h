// Small pieces every SQL store writes the same way.
#pragma once

#include <google/protobuf/timestamp.pb.h>
#include <google/protobuf/util/time_util.h>

#include <string>
#include <string_view>

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

}  // namespace mercato::adapters
