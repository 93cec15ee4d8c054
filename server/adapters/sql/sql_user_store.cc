// Account and address reads and transactional writes in SQL shared by SQLite and PostgreSQL.
#include "server/adapters/sql/sql_user_store.h"

#include <google/protobuf/util/time_util.h>

#include "server/adapters/sql/idempotent_write.h"
#include "server/adapters/sql/proto_json.h"
#include "server/adapters/sql/sql_error.h"
#include "server/adapters/sql/sql_outbox_store.h"
#include "server/adapters/sql/sql_values.h"
#include "server/domain/field_text.h"

namespace mercato::adapters {
namespace {

using domain::Error;
using domain::Result;
using domain::Status;
using google::protobuf::util::TimeUtil;

constexpr char kUserColumns[] =
    "id, email, display_name, phone, roles, status, password_hash, version, created_at_us, updated_at_us";
constexpr char kAddressColumns[] = "document, is_default, version, updated_at_us";

// Roles as bits, in the order they are read back.
constexpr std::pair<v1::Role, std::int64_t> kRoleBits[] = {
    {v1::ROLE_CUSTOMER, 1}, {v1::ROLE_STAFF, 2}, {v1::ROLE_SERVICE, 4}};

std::int64_t RoleBit(v1::Role role) {
  for (auto const& [known, bit] : kRoleBits) {
    if (known == role) return bit;
  }
  return 0;
}

std::int64_t RoleBits(v1::User const& user) {
  std::int64_t bits = 0;
  for (int role : user.roles()) bits |= RoleBit(static_cast<v1::Role>(role));
  return bits;
}

Error EmailTaken() {
  return {domain::ErrorKind::kAlreadyExists, "DUPLICATE",
          "this email is already registered; log in, or use another email", {{"field", "email"}}};
}

// Users have one unique key besides their (generated) id: the case-insensitive email. Engines
// name an expression index differently ("index 'users_email'", "lower(email)"), both say email.
bool IsEmailTaken(Error const& error) {
  if (error.reason != kUniqueViolation) return false;
  auto const columns = error.metadata.find("columns");
  return columns != error.metadata.end() && columns->second.find("email") != std::string::npos;
}

Result<domain::UserRecord> UserFromRow(SqlRows const& rows, std::size_t i) {
  SqlRowReader row(rows, i);
  domain::UserRecord record;
  auto& user = record.user;
  user.set_id(row.Text("id"));
  user.set_email(row.Text("email"));
  user.set_display_name(row.Text("display_name"));
  user.set_phone(row.Text("phone"));
  auto const bits = row.Int64("roles");
  for (auto const& [role, bit] : kRoleBits) {
    if ((bits & bit) != 0) user.add_roles(role);
  }
  user.set_status(static_cast<v1::UserStatus>(row.Int64("status")));
  user.set_version(row.Int64("version"));
  *user.mutable_created_at() = TimeUtil::MicrosecondsToTimestamp(row.Int64("created_at_us"));
  *user.mutable_updated_at() = TimeUtil::MicrosecondsToTimestamp(row.Int64("updated_at_us"));
  record.password_hash = row.Text("password_hash");
  if (row.error()) return *row.error();
  return record;
}

// The stored document carries the address's stable fields; the columns carry what other writes
// change (the default flag, the version, the update time).
Result<v1::UserAddress> AddressFromRow(SqlRows const& rows, std::size_t i) {
  auto document = GetText(rows, i, "document");
  if (!document) return document.error();
  auto address = ParseJson<v1::UserAddress>(*document);
  if (!address) return address.error();
  SqlRowReader row(rows, i);
  address->set_is_default(row.Bool("is_default"));
  address->set_version(row.Int64("version"));
  *address->mutable_updated_at() = TimeUtil::MicrosecondsToTimestamp(row.Int64("updated_at_us"));
  if (row.error()) return *row.error();
  return address;
}

Result<std::string> AddressDocument(v1::UserAddress address) {
  address.clear_is_default();
  address.clear_version();
  address.clear_updated_at();
  return ToJson(address);
}

// Why a versioned UPDATE or DELETE changed no row: the row is gone, or at another version.
Error VersionConflict(SqlSession& session, std::string const& sql, SqlParams const& params,
                      std::string const& resource, std::string const& id, std::int64_t expected) {
  auto rows = session.Exec(sql, params);
  if (!rows) return rows.error();
  if (rows->empty()) return domain::NotFound(resource, id);
  auto current = GetInt64(*rows, 0, "version");
  if (!current) return current.error();
  return domain::VersionMismatch(resource, id, expected, *current);
}

Status AppendUserEvent(SqlSession& session, v1::EventEnvelope const& event) {
  if (event.event_id().empty()) return domain::Ok();
  return AppendToOutbox(session, event);
}

// The owner's other addresses stop being the default before `address` becomes it.
Status ClearOtherDefaults(SqlSession& session, v1::UserAddress const& address, std::int64_t now_us) {
  if (!address.is_default()) return domain::Ok();
  // Two concurrent "make this my default" calls take turns on the owner's row; otherwise neither
  // sees the other's new default and the second breaks the one-default constraint.
  auto owner = session.Exec("SELECT id FROM users WHERE id = $1" + RowLock(session, "FOR UPDATE"), {address.user_id()});
  if (!owner) return owner.error();
  auto cleared = session.Exec(
      "UPDATE addresses SET is_default = $1, version = version + 1, updated_at_us = CAST($2 AS BIGINT) "
      "WHERE user_id = $3 AND is_default AND id <> $4",
      {"0", std::to_string(now_us), address.user_id(), address.id()});
  if (!cleared) return cleared.error();
  return domain::Ok();
}

}  // namespace

Result<std::optional<domain::UserRecord>> SqlUserStore::FindUser(std::string const& id) {
  return InRead(db_, [&](SqlSession& session) {
    return FirstRow(session.Exec(std::string("SELECT ") + kUserColumns + " FROM users WHERE id = $1", {id}),
                    &UserFromRow);
  });
}

Result<std::optional<domain::UserRecord>> SqlUserStore::FindUserByEmail(std::string const& email) {
  return InRead(db_, [&](SqlSession& session) {
    return FirstRow(
        session.Exec(std::string("SELECT ") + kUserColumns + " FROM users WHERE lower(email) = lower($1)", {email}),
        &UserFromRow);
  });
}

Result<std::vector<v1::User>> SqlUserStore::ListUsers(domain::UserQuery const& query) {
  SqlParamList params;
  std::string sql = std::string("SELECT ") + kUserColumns + " FROM users WHERE 1 = 1";
  if (!query.prefix.empty()) {
    auto const prefix = params.Add(query.prefix);
    sql += " AND (substr(email, 1, length(" + prefix + ")) = " + prefix + " OR substr(display_name_key, 1, length(" +
           prefix + ")) = " + prefix + ")";
  }
  if (query.role) sql += " AND (roles & " + params.AddInt(RoleBit(*query.role)) + ") <> 0";
  if (query.status) sql += " AND status = " + params.AddInt(*query.status);
  if (query.after) {
    auto const created = params.AddInt(query.after->number);
    auto const id = params.Add(query.after->id);
    sql += " AND (created_at_us < " + created + " OR (created_at_us = " + created + " AND id < " + id + "))";
  }
  sql += " ORDER BY created_at_us DESC, id DESC LIMIT " + params.AddInt(query.limit);
  return InRead(db_, [&](SqlSession& session) -> Result<std::vector<v1::User>> {
    auto rows = session.Exec(sql, params.params());
    if (!rows) return rows.error();
    std::vector<v1::User> users;
    users.reserve(rows->size());
    for (std::size_t i = 0; i < rows->size(); ++i) {
      auto record = UserFromRow(*rows, i);
      if (!record) return record.error();
      users.push_back(std::move(record->user));
    }
    return users;
  });
}

Result<v1::User> SqlUserStore::InsertUser(domain::UserWrite const& write) {
  auto const now_us = clock_.NowMicros();
  if (!write.password_hash || write.password_hash->empty()) {
    return domain::Internal("a new account needs a password hash");
  }
  return InTransaction(db_, [&](SqlSession& session) {
    return IdempotentWrite<v1::User>(session, write.idempotency, now_us, [&]() -> Result<v1::User> {
      auto const& user = write.user;
      auto inserted = session.Exec(
          "INSERT INTO users (id, email, display_name, display_name_key, phone, roles, status, password_hash, "
          "version, created_at_us, updated_at_us) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
          {user.id(), user.email(), user.display_name(), domain::LowerAscii(user.display_name()), user.phone(),
           std::to_string(RoleBits(user)), std::to_string(user.status()), *write.password_hash,
           std::to_string(user.version()), Micros(user.created_at()), Micros(user.updated_at())});
      if (!inserted) return IsEmailTaken(inserted.error()) ? EmailTaken() : inserted.error();
      if (auto appended = AppendUserEvent(session, write.event); !appended) return appended.error();
      return user;
    });
  });
}

Result<v1::User> SqlUserStore::UpdateUser(domain::UserWrite const& write, std::int64_t expected_version) {
  auto const now_us = clock_.NowMicros();
  return InTransaction(db_, [&](SqlSession& session) {
    return IdempotentWrite<v1::User>(session, write.idempotency, now_us, [&]() -> Result<v1::User> {
      auto const& user = write.user;
      SqlParamList params;
      std::string sql = "UPDATE users SET email = " + params.Add(user.email()) +
                        ", display_name = " + params.Add(user.display_name()) +
                        ", display_name_key = " + params.Add(domain::LowerAscii(user.display_name())) +
                        ", phone = " + params.Add(user.phone()) +
                        ", roles = " + params.Add(std::to_string(RoleBits(user))) +
                        ", status = " + params.Add(std::to_string(user.status())) +
                        ", version = " + params.Add(std::to_string(user.version())) +
                        ", updated_at_us = " + params.Add(Micros(user.updated_at()));
      if (write.password_hash) sql += ", password_hash = " + params.Add(*write.password_hash);
      sql += " WHERE id = " + params.Add(user.id()) + " AND version = " + params.AddInt(expected_version);
      auto updated = session.Exec(sql, params.params());
      if (!updated) return IsEmailTaken(updated.error()) ? EmailTaken() : updated.error();
      if (updated->affected == 0) {
        return VersionConflict(session, "SELECT version FROM users WHERE id = $1", {user.id()}, "user", user.id(),
                               expected_version);
      }
      if (auto appended = AppendUserEvent(session, write.event); !appended) return appended.error();
      return user;
    });
  });
}

Status SqlUserStore::ReplacePasswordHash(std::string const& user_id, std::string const& expected_hash,
                                         std::string const& new_hash) {
  return db_.Transaction([&](SqlSession& session) -> Status {
    auto updated = session.Exec("UPDATE users SET password_hash = $3 WHERE id = $1 AND password_hash = $2",
                                {user_id, expected_hash, new_hash});
    if (!updated) return updated.error();
    if (updated->affected == 0) {
      return Error{domain::ErrorKind::kAborted, "PASSWORD_CHANGED",
                   "the password changed at the same time by another request; log in again and retry", {}};
    }
    return domain::Ok();
  });
}

Result<std::optional<v1::UserAddress>> SqlUserStore::FindAddress(std::string const& id,
                                                                std::optional<std::string> const& owner_id) {
  std::string const select = std::string("SELECT ") + kAddressColumns + " FROM addresses WHERE id = $1";
  return InRead(db_, [&](SqlSession& session) {
    return FirstRow(owner_id ? session.Exec(select + " AND user_id = $2", {id, *owner_id}) : session.Exec(select, {id}),
                    &AddressFromRow);
  });
}

Result<std::vector<v1::UserAddress>> SqlUserStore::ListAddresses(domain::AddressQuery const& query) {
  SqlParamList params;
  std::string const rank = "(CASE WHEN is_default THEN 1 ELSE 0 END)";
  std::string sql = std::string("SELECT ") + kAddressColumns + " FROM addresses WHERE user_id = " +
                    params.Add(query.user_id);
  if (query.after) {
    auto const number = params.AddInt(query.after->number);
    auto const id = params.Add(query.after->id);
    sql += " AND (" + rank + " < " + number + " OR (" + rank + " = " + number + " AND id < " + id + "))";
  }
  sql += " ORDER BY " + rank + " DESC, id DESC LIMIT " + params.AddInt(query.limit);
  return InRead(db_, [&](SqlSession& session) -> Result<std::vector<v1::UserAddress>> {
    auto rows = session.Exec(sql, params.params());
    if (!rows) return rows.error();
    std::vector<v1::UserAddress> addresses;
    addresses.reserve(rows->size());
    for (std::size_t i = 0; i < rows->size(); ++i) {
      auto address = AddressFromRow(*rows, i);
      if (!address) return address.error();
      addresses.push_back(std::move(address).value());
    }
    return addresses;
  });
}

Result<v1::UserAddress> SqlUserStore::InsertAddress(domain::AddressWrite const& write) {
  auto const now_us = clock_.NowMicros();
  return InTransaction(db_, [&](SqlSession& session) {
    return IdempotentWrite<v1::UserAddress>(session, write.idempotency, now_us, [&]() -> Result<v1::UserAddress> {
      auto const& address = write.address;
      auto document = AddressDocument(address);
      if (!document) return document.error();
      if (auto cleared = ClearOtherDefaults(session, address, now_us); !cleared) return cleared.error();
      auto inserted = session.Exec(
          "INSERT INTO addresses (id, user_id, is_default, version, created_at_us, updated_at_us, document) "
          "VALUES ($1, $2, $3, $4, $5, $6, $7)",
          {address.id(), address.user_id(), address.is_default() ? "1" : "0", std::to_string(address.version()),
           Micros(address.created_at()), Micros(address.updated_at()), *document});
      if (!inserted) {
        if (IsForeignKeyViolation(inserted.error())) return domain::NotFound("user", address.user_id());
        return inserted.error();
      }
      return address;
    });
  });
}

Result<v1::UserAddress> SqlUserStore::UpdateAddress(domain::AddressWrite const& write,
                                                    std::int64_t expected_version) {
  auto const now_us = clock_.NowMicros();
  return InTransaction(db_, [&](SqlSession& session) {
    return IdempotentWrite<v1::UserAddress>(session, write.idempotency, now_us, [&]() -> Result<v1::UserAddress> {
      auto const& address = write.address;
      auto document = AddressDocument(address);
      if (!document) return document.error();
      if (auto cleared = ClearOtherDefaults(session, address, now_us); !cleared) return cleared.error();
      auto updated = session.Exec(
          "UPDATE addresses SET is_default = $3, version = $4, updated_at_us = $5, document = $6 "
          "WHERE id = $1 AND user_id = $2 AND version = CAST($7 AS BIGINT)",
          {address.id(), address.user_id(), address.is_default() ? "1" : "0", std::to_string(address.version()),
           Micros(address.updated_at()), *document, std::to_string(expected_version)});
      if (!updated) return updated.error();
      if (updated->affected == 0) {
        return VersionConflict(session, "SELECT version FROM addresses WHERE id = $1 AND user_id = $2",
                               {address.id(), address.user_id()}, "address", address.id(), expected_version);
      }
      return address;
    });
  });
}

Result<v1::UserAddress> SqlUserStore::DeleteAddress(domain::AddressWrite const& write,
                                                    std::int64_t expected_version) {
  auto const now_us = clock_.NowMicros();
  return InTransaction(db_, [&](SqlSession& session) {
    return IdempotentWrite<v1::UserAddress>(session, write.idempotency, now_us, [&]() -> Result<v1::UserAddress> {
      auto const& address = write.address;
      auto deleted = session.Exec(
          "DELETE FROM addresses WHERE id = $1 AND user_id = $2 AND version = CAST($3 AS BIGINT)",
          {address.id(), address.user_id(), std::to_string(expected_version)});
      if (!deleted) return deleted.error();
      if (deleted->affected == 0) {
        return VersionConflict(session, "SELECT version FROM addresses WHERE id = $1 AND user_id = $2",
                               {address.id(), address.user_id()}, "address", address.id(), expected_version);
      }
      return address;
    });
  });
}

}  // namespace mercato::adapters
