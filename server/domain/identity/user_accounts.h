// Account use cases: registration, password login into sessions, the caller's own profile and
// password, and the staff back office (read any account, set roles and status). Account writes
// are one transaction each with their outbox event (user.registered / user.updated) and
// idempotency key; anything that changes what a session may do revokes that user's sessions.
#pragma once

#include <mutex>
#include <optional>
#include <string>

#include "mercato/v1/users.pb.h"
#include "server/domain/error.h"
#include "server/domain/idempotency.h"
#include "server/domain/identity/identity_context.h"
#include "server/domain/identity/principal.h"

namespace mercato::domain {

class UserAccounts {
 public:
  explicit UserAccounts(IdentityContext context) : context_(context) {}

  // Anonymous. Normalises the email, applies the password policy, stores an argon2id hash and a
  // customer account. A taken email is ALREADY_EXISTS DUPLICATE.
  Result<v1::User> Register(v1::RegisterRequest const& request);
  // Anonymous; `client_ip` keys the per-address throttle. Unknown email and wrong password are the
  // same UNAUTHENTICATED INVALID_CREDENTIALS (and take the same time); too many attempts are
  // RESOURCE_EXHAUSTED RATE_LIMITED with metadata retry_after_ms. Upgrades the stored hash when
  // the hasher's limits rose. request_id is not used: replaying a login would need its token
  // kept in clear, so a retried login opens another session instead.
  Result<v1::LoginResponse> Login(v1::LoginRequest const& request, std::string const& client_ip);
  // Revokes the session the principal came with.
  Status Logout(Principal const& principal);

  Result<v1::User> GetMe(Principal const& principal);
  Result<v1::User> UpdateMe(v1::UpdateMeRequest const& request, Principal const& principal);
  // Checks the current password (throttled like a login), applies the policy to the new one,
  // and revokes every other session of the caller. A retry after success (the new password
  // already in place) succeeds without another change.
  Status ChangePassword(v1::ChangePasswordRequest const& request, Principal const& principal);

  // Back office: staff or service accounts.
  Result<v1::User> GetUser(std::string const& user_id, Principal const& principal);
  Result<v1::ListUsersResponse> ListUsers(v1::ListUsersRequest const& request, Principal const& principal);
  // Staff only. Both revoke the target's sessions, so that new roles (or the ban) apply at once.
  // Staff cannot remove their own ROLE_STAFF or disable themselves (FAILED_PRECONDITION).
  Result<v1::User> SetUserRoles(v1::SetUserRolesRequest const& request, Principal const& principal);
  Result<v1::User> SetUserStatus(v1::SetUserStatusRequest const& request, Principal const& principal);

  // The operators' bootstrap: makes sure an active staff account with this email exists and logs
  // in with this password. Creates it, or promotes/re-enables an existing account and sets its
  // password when it differs (revoking its sessions, so that nobody who registered the address
  // first keeps a way in). Idempotent: once in place, it changes nothing.
  Result<v1::User> EnsureStaffAccount(std::string const& email, std::string const& password);

 private:
  Result<v1::User> SaveUpdate(v1::User user, std::optional<std::string> password_hash, std::int64_t expected_version,
                              IdempotencyKey key, std::string const& actor);
  Result<v1::User> CheckReplayedPassword(IdempotencyKey const& key, v1::User const& first,
                                         std::string const& password);
  Status Throttle(std::string const& email, std::optional<std::string> const& client_ip);
  Result<v1::LoginResponse> OpenSession(UserRecord const& record);
  void UpgradeHash(UserRecord const& record, std::string const& password);
  // Spends the time of one Verify against a hash that matches nothing, so that an unknown email
  // answers as slowly as a wrong password.
  void VerifyAgainstNothing(std::string const& password);

  IdentityContext context_;
  std::once_flag decoy_once_;
  std::string decoy_hash_;
};

}  // namespace mercato::domain
