// The UserStore port over SQL (SQLite or PostgreSQL through SqlDatabase): accounts as columns (roles
// as a bit set, the password only as its hash), addresses as UserAddress documents whose default
// flag, version and update time live in columns. Account writes are one transaction with their
// idempotency key and outbox event.
#pragma once

#include "server/adapters/sql/sql_database.h"
#include "server/domain/clock.h"
#include "server/domain/identity/user_store.h"

namespace mercato::adapters {

class SqlUserStore final : public domain::UserStore {
 public:
  // `clock` stamps idempotency keys and the addresses that stop being the default.
  SqlUserStore(SqlDatabase& db, domain::Clock& clock) : db_(db), clock_(clock) {}

  domain::Result<std::optional<domain::UserRecord>> FindUser(std::string const& id) override;
  domain::Result<std::optional<domain::UserRecord>> FindUserByEmail(std::string const& email) override;
  domain::Result<std::vector<v1::User>> ListUsers(domain::UserQuery const& query) override;
  domain::Result<v1::User> InsertUser(domain::UserWrite const& write) override;
  domain::Result<v1::User> UpdateUser(domain::UserWrite const& write, std::int64_t expected_version) override;
  domain::Status ReplacePasswordHash(std::string const& user_id, std::string const& expected_hash,
                                     std::string const& new_hash) override;

  domain::Result<std::optional<v1::UserAddress>> FindAddress(std::string const& id,
                                                             std::optional<std::string> const& owner_id) override;
  domain::Result<std::vector<v1::UserAddress>> ListAddresses(domain::AddressQuery const& query) override;
  domain::Result<v1::UserAddress> InsertAddress(domain::AddressWrite const& write) override;
  domain::Result<v1::UserAddress> UpdateAddress(domain::AddressWrite const& write,
                                                std::int64_t expected_version) override;
  domain::Result<v1::UserAddress> DeleteAddress(domain::AddressWrite const& write,
                                                std::int64_t expected_version) override;

 private:
  SqlDatabase& db_;
  domain::Clock& clock_;
};

}  // namespace mercato::adapters
