// Port: where accounts and their saved addresses live (SQLite embedded, PostgreSQL schema `users`
// in production). Every account write runs in one transaction with its outbox event and its
// idempotency key; address writes with their idempotency key (addresses have no events).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mercato/v1/events.pb.h"
#include "mercato/v1/users.pb.h"
#include "server/domain/error.h"
#include "server/domain/idempotency.h"

namespace mercato::domain {

// An account as stored: the public User and its password hash (which never leaves the domain).
struct UserRecord {
  v1::User user;
  std::string password_hash;
};

// Keyset position of a listing: rows strictly after (number, id) in the listing's order.
struct ListPosition {
  std::int64_t number = 0;
  std::string id;
};

// ListUsers: newest first, i.e. (created_at_us, id) descending; `number` is created_at_us.
struct UserQuery {
  std::string prefix;  // lower-cased prefix of the email or of the lower-cased display name; "" = all
  std::optional<v1::Role> role;
  std::optional<v1::UserStatus> status;
  std::optional<ListPosition> after;
  int limit = 50;
};

// ListAddresses of one user: default first, then newest, i.e. (is_default, id) descending with
// `number` 1 for the default address, 0 otherwise (ids are time-ordered).
struct AddressQuery {
  std::string user_id;
  std::optional<ListPosition> after;
  int limit = 50;
};

// An account write: the account after the change, its new password hash when it changes (always
// on insert), the event recording it, and the idempotency key.
struct UserWrite {
  v1::User user;
  std::optional<std::string> password_hash;
  v1::EventEnvelope event;
  IdempotencyKey idempotency;
};

struct AddressWrite {
  v1::UserAddress address;
  IdempotencyKey idempotency;
};

class UserStore {
 public:
  virtual ~UserStore() = default;

  virtual Result<std::optional<UserRecord>> FindUser(std::string const& id) = 0;
  // `email` is normalised (lower case); the match ignores case.
  virtual Result<std::optional<UserRecord>> FindUserByEmail(std::string const& email) = 0;
  virtual Result<std::vector<v1::User>> ListUsers(UserQuery const& query) = 0;

  // Inserts a new account. A taken email is ALREADY_EXISTS reason DUPLICATE {"field": "email"}.
  // With an idempotency key seen before, returns the first result (same fingerprint) or
  // IDEMPOTENCY_KEY_REUSED, and writes nothing.
  virtual Result<v1::User> InsertUser(UserWrite const& write) = 0;
  // Replaces the account when its stored version equals `expected_version`, else ABORTED
  // VERSION_MISMATCH (NOT_FOUND when gone). Same email and idempotency rules as InsertUser.
  virtual Result<v1::User> UpdateUser(UserWrite const& write, std::int64_t expected_version) = 0;
  // Replaces the password hash when it still equals `expected_hash` (no version bump, no event):
  // ABORTED PASSWORD_CHANGED when another change got there first.
  virtual Status ReplacePasswordHash(std::string const& user_id, std::string const& expected_hash,
                                     std::string const& new_hash) = 0;

  // The address `id`; with `owner_id`, only when that user owns it, so that another user's address
  // is never read for a customer and answers like a missing one, in time as in content.
  virtual Result<std::optional<v1::UserAddress>> FindAddress(std::string const& id,
                                                             std::optional<std::string> const& owner_id) = 0;
  virtual Result<std::vector<v1::UserAddress>> ListAddresses(AddressQuery const& query) = 0;
  // Inserts an address; the owner must exist (NOT_FOUND user otherwise). When the new address is
  // the default, the owner's other addresses stop being it (their version bumps).
  virtual Result<v1::UserAddress> InsertAddress(AddressWrite const& write) = 0;
  // Replace and delete under the same version rule as UpdateUser, matching only an address of
  // write.address.user_id: NOT_FOUND address when there is none (whoever else may own the id).
  virtual Result<v1::UserAddress> UpdateAddress(AddressWrite const& write, std::int64_t expected_version) = 0;
  virtual Result<v1::UserAddress> DeleteAddress(AddressWrite const& write, std::int64_t expected_version) = 0;
};

}  // namespace mercato::domain
