// Account use cases over the identity ports. Slow work (argon2id) happens before any transaction,
// so that a hash never holds a database connection.
#include "server/domain/identity/user_accounts.h"

#include <google/protobuf/util/time_util.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "server/domain/page_token.h"
#include "server/domain/events/event_factory.h"
#include "server/domain/fingerprint.h"
#include "server/domain/identity/email_address.h"
#include "server/domain/field_text.h"
#include "server/domain/identity/identity_errors.h"
#include "server/domain/identity/password_policy.h"
#include "server/domain/identity/request_keys.h"
#include "server/domain/identity/roles.h"
#include "server/domain/identity/user_rules.h"

namespace mercato::domain {
namespace {

using google::protobuf::util::TimeUtil;

constexpr char kBootstrapActor[] = "system:bootstrap";

std::string ShortDigest(std::string const& digest) { return digest.substr(0, 12); }

v1::UserUpdated UpdatedPayload(v1::User const& user) {
  v1::UserUpdated payload;
  payload.set_user_id(user.id());
  payload.set_email(user.email());
  payload.set_display_name(user.display_name());
  *payload.mutable_roles() = user.roles();
  payload.set_status(user.status());
  payload.set_version(user.version());
  return payload;
}

v1::UserRegistered RegisteredPayload(v1::User const& user) {
  v1::UserRegistered payload;
  payload.set_user_id(user.id());
  payload.set_email(user.email());
  payload.set_display_name(user.display_name());
  return payload;
}

bool HoldsRole(v1::User const& user, v1::Role role) {
  return std::find(user.roles().begin(), user.roles().end(), role) != user.roles().end();
}

Error CannotLockOutSelf(std::string const& what) {
  return {ErrorKind::kFailedPrecondition, "SELF_LOCKOUT",
          "staff cannot " + what + " themselves; ask another staff member", {}};
}

}  // namespace

Result<v1::User> UserAccounts::Register(v1::RegisterRequest const& request) {
  v1::User user;
  auto email = NormalizeEmail(request.email());
  if (!email) return email.error();
  user.set_email(*std::move(email));
  user.set_display_name(request.display_name());
  if (auto name = NormalizeDisplayName(*user.mutable_display_name(), "display_name"); !name) return name.error();
  if (auto policy = CheckPasswordPolicy(request.password(), user.email()); !policy) return policy.error();
  auto hash = context_.passwords.Hash(request.password());
  if (!hash) return hash.error();

  auto const now = context_.clock.NowMicros();
  user.set_id(context_.ids.NewId());
  user.add_roles(v1::ROLE_CUSTOMER);
  user.set_status(v1::USER_STATUS_ACTIVE);
  user.set_version(1);
  *user.mutable_created_at() = TimeUtil::MicrosecondsToTimestamp(now);
  *user.mutable_updated_at() = user.created_at();

  UserWrite write;
  write.event = MakeEvent({context_.ids.NewId(), now, request.request_id(), user.id()}, "user.registered", "user",
                          user.id(), user.version(), RegisteredPayload(user));
  write.password_hash = *std::move(hash);
  write.idempotency = CallerScopedKey("users.Register", request.request_id(), request, Principal{}, {"password"});
  std::string const new_id = user.id();
  write.user = std::move(user);
  auto saved = context_.users.InsertUser(write);
  if (!saved) return saved;
  if (saved->id() != new_id) return CheckReplayedPassword(write.idempotency, *saved, request.password());
  spdlog::info("users: registered user {}", saved->id());
  return saved;
}

// The idempotency record holds no trace of the password, so a replay of Register is checked
// against the account it made: the same request_id with another password is another request.
Result<v1::User> UserAccounts::CheckReplayedPassword(IdempotencyKey const& key, v1::User const& first,
                                                     std::string const& password) {
  auto found = context_.users.FindUser(first.id());
  if (!found) return found.error();
  if (!*found || !context_.passwords.Verify((*found)->password_hash, password)) return IdempotencyKeyReused(key);
  return first;
}

Status UserAccounts::Throttle(std::string const& email, std::optional<std::string> const& client_ip) {
  auto const& settings = context_.settings;
  if (client_ip && !client_ip->empty()) {
    auto decision = context_.limiter.Acquire("login:ip:" + *client_ip, settings.login_per_ip);
    if (!decision.allowed) return LoginThrottled(decision.retry_after);
  }
  auto decision = context_.limiter.Acquire("login:account:" + email, settings.login_per_account);
  if (!decision.allowed) return LoginThrottled(decision.retry_after);
  return Ok();
}

void UserAccounts::VerifyAgainstNothing(std::string const& password) {
  std::call_once(decoy_once_, [this] {
    auto decoy = context_.passwords.Hash(context_.ids.NewId() + context_.ids.NewId());
    if (decoy) decoy_hash_ = *std::move(decoy);
  });
  context_.passwords.Verify(decoy_hash_, password);
}

void UserAccounts::UpgradeHash(UserRecord const& record, std::string const& password) {
  if (!context_.passwords.NeedsRehash(record.password_hash)) return;
  auto hash = context_.passwords.Hash(password);
  if (!hash) return;
  // Losing a race with a password change is fine: the other hash is newer anyway.
  if (context_.users.ReplacePasswordHash(record.user.id(), record.password_hash, *hash)) {
    spdlog::info("users: upgraded the password hash of user {} to the current limits", record.user.id());
  }
}

Result<v1::LoginResponse> UserAccounts::Login(v1::LoginRequest const& request, std::string const& client_ip) {
  std::string const email = CanonicalEmail(request.email());
  if (email.empty() || request.password().empty()) {
    return InvalidArgument(email.empty() ? "email" : "password", "email and password are required");
  }
  if (auto throttled = Throttle(email, client_ip); !throttled) return throttled.error();

  auto found = context_.users.FindUserByEmail(email);
  if (!found) return found.error();
  if (!*found) {
    VerifyAgainstNothing(request.password());
    return InvalidCredentials();
  }
  UserRecord const& record = **found;
  if (!context_.passwords.Verify(record.password_hash, request.password())) return InvalidCredentials();
  if (record.user.status() != v1::USER_STATUS_ACTIVE) return AccountDisabled();
  UpgradeHash(record, request.password());
  return OpenSession(record);
}

Result<v1::LoginResponse> UserAccounts::OpenSession(UserRecord const& record) {
  std::string const token = context_.tokens.NewToken();
  auto digest = context_.tokens.Digest(token);
  if (!digest) return Internal("a new session token has no digest");
  auto const now = context_.clock.Now();
  Session session{*digest, record.user.id(), RolesOf(record.user), now, now + context_.settings.session_ttl};
  if (auto created = context_.sessions.Create(session); !created) return created.error();

  // A role change or a ban that committed while this login was checking would have revoked the
  // sessions before this one existed: look again, and give the session up if the account moved.
  auto again = context_.users.FindUser(record.user.id());
  if (!again || !*again || (*again)->user.version() != record.user.version()) {
    context_.sessions.Revoke(record.user.id(), *digest);
    if (!again) return again.error();
    return Error{ErrorKind::kAborted, "ACCOUNT_CHANGED", "the account changed while logging in; log in again", {}};
  }
  spdlog::info("users: user {} logged in (session {})", record.user.id(), ShortDigest(*digest));

  v1::LoginResponse response;
  response.set_session_token(token);
  *response.mutable_expires_at() = TimeUtil::MicrosecondsToTimestamp(
      std::chrono::duration_cast<std::chrono::microseconds>(session.expires_at.time_since_epoch()).count());
  *response.mutable_user() = record.user;
  return response;
}

Status UserAccounts::Logout(Principal const& principal) {
  if (principal.anonymous() || principal.session_id.empty()) return SignInRequired();
  if (auto revoked = context_.sessions.Revoke(principal.user_id, principal.session_id); !revoked) return revoked;
  spdlog::info("users: user {} logged out (session {})", principal.user_id, ShortDigest(principal.session_id));
  return Ok();
}

Result<v1::User> UserAccounts::GetMe(Principal const& principal) {
  if (principal.anonymous()) return SignInRequired();
  auto found = context_.users.FindUser(principal.user_id);
  if (!found) return found.error();
  if (!*found) return NotFound("user", principal.user_id);
  return std::move((*found)->user);
}

Result<v1::User> UserAccounts::UpdateMe(v1::UpdateMeRequest const& request, Principal const& principal) {
  if (principal.anonymous()) return SignInRequired();
  if (auto version = RequireExpectedVersion(request.expected_version()); !version) return version.error();
  auto found = context_.users.FindUser(principal.user_id);
  if (!found) return found.error();
  if (!*found) return NotFound("user", principal.user_id);
  auto updated = ApplyProfileMask((*found)->user, request.user(), request.update_mask());
  if (!updated) return updated.error();
  if (auto valid = NormalizeProfile(*updated); !valid) return valid.error();
  return SaveUpdate(*std::move(updated), std::nullopt, request.expected_version(),
                    CallerScopedKey("users.UpdateMe", request.request_id(), request, principal), principal.user_id);
}

Status UserAccounts::ChangePassword(v1::ChangePasswordRequest const& request, Principal const& principal) {
  if (principal.anonymous()) return SignInRequired();
  auto found = context_.users.FindUser(principal.user_id);
  if (!found) return found.error();
  if (!*found) return NotFound("user", principal.user_id);
  UserRecord const& record = **found;
  if (auto throttled = Throttle(record.user.email(), std::nullopt); !throttled) return throttled;
  if (!context_.passwords.Verify(record.password_hash, request.current_password())) {
    if (!request.new_password().empty() && context_.passwords.Verify(record.password_hash, request.new_password())) {
      return Ok();  // a retry of a change that already happened
    }
    return Error{ErrorKind::kUnauthenticated, "INVALID_CREDENTIALS", "the current password is wrong", {}};
  }
  if (request.new_password() == request.current_password()) {
    return InvalidArgument("new_password", "new_password must differ from current_password");
  }
  if (auto policy = CheckPasswordPolicy(request.new_password(), record.user.email(), "new_password"); !policy) {
    return policy;
  }
  auto hash = context_.passwords.Hash(request.new_password());
  if (!hash) return hash.error();
  if (auto replaced = context_.users.ReplacePasswordHash(record.user.id(), record.password_hash, *hash); !replaced) {
    return replaced;
  }
  spdlog::info("users: user {} changed their password; revoking their other sessions", record.user.id());
  return context_.sessions.RevokeAll(record.user.id(), principal.session_id);
}

Result<v1::User> UserAccounts::GetUser(std::string const& user_id, Principal const& principal) {
  if (!IsBackOffice(principal)) return BackOfficeRequired("reading another account");
  if (user_id.empty()) return InvalidArgument("user_id", "user_id is required");
  auto found = context_.users.FindUser(user_id);
  if (!found) return found.error();
  if (!*found) return NotFound("user", user_id);
  return std::move((*found)->user);
}

Result<v1::ListUsersResponse> UserAccounts::ListUsers(v1::ListUsersRequest const& request,
                                                      Principal const& principal) {
  if (!IsBackOffice(principal)) return BackOfficeRequired("listing accounts");
  auto const& settings = context_.settings;
  auto page = ReadPageRequest(request, settings.default_page_size, settings.max_page_size);
  if (!page) return page.error();
  int const page_size = page->size;
  UserQuery query;
  if (request.has_role()) {
    if (!FromProtoRole(request.role())) return InvalidArgument("role", "role must be a specified role when set");
    query.role = request.role();
  }
  if (request.has_status()) {
    if (request.status() != v1::USER_STATUS_ACTIVE && request.status() != v1::USER_STATUS_DISABLED) {
      return InvalidArgument("status", "status must be ACTIVE or DISABLED when set");
    }
    query.status = request.status();
  }
  query.prefix = LowerAscii(TrimText(request.query()));

  if (page->after) query.after = ListPosition{page->after->number, page->after->id};
  query.limit = page_size + 1;
  auto users = context_.users.ListUsers(query);
  if (!users) return users.error();
  v1::ListUsersResponse response;
  bool const more = CutToPage(*users, page_size);
  for (auto& user : *users) *response.add_users() = std::move(user);
  if (more) {
    auto const& last = response.users(response.users_size() - 1);
    response.set_next_page_token(NextPageToken(*page, {TimeUtil::TimestampToMicroseconds(last.created_at()), "", last.id()}));
  }
  return response;
}

Result<v1::User> UserAccounts::SetUserRoles(v1::SetUserRolesRequest const& request, Principal const& principal) {
  if (!principal.Has(Role::kStaff)) return StaffRequired("changing roles");
  if (request.user_id().empty()) return InvalidArgument("user_id", "user_id is required");
  if (auto version = RequireExpectedVersion(request.expected_version()); !version) return version.error();
  auto roles = CheckRoleSet(request.roles(), "roles");
  if (!roles) return roles.error();
  if (request.user_id() == principal.user_id &&
      std::find(roles->begin(), roles->end(), v1::ROLE_STAFF) == roles->end()) {
    return CannotLockOutSelf("remove ROLE_STAFF from");
  }
  auto found = context_.users.FindUser(request.user_id());
  if (!found) return found.error();
  if (!*found) return NotFound("user", request.user_id());
  v1::User user = std::move((*found)->user);
  user.clear_roles();
  for (auto role : *roles) user.add_roles(role);
  auto saved = SaveUpdate(std::move(user), std::nullopt, request.expected_version(),
                          CallerScopedKey("users.SetUserRoles", request.request_id(), request, principal),
                          principal.user_id);
  if (!saved) return saved;
  spdlog::info("users: staff {} set the roles of user {}; revoking its sessions", principal.user_id, saved->id());
  if (auto revoked = context_.sessions.RevokeAll(saved->id(), std::nullopt); !revoked) return revoked.error();
  return saved;
}

Result<v1::User> UserAccounts::SetUserStatus(v1::SetUserStatusRequest const& request, Principal const& principal) {
  if (!principal.Has(Role::kStaff)) return StaffRequired("changing an account's status");
  if (request.user_id().empty()) return InvalidArgument("user_id", "user_id is required");
  if (request.status() != v1::USER_STATUS_ACTIVE && request.status() != v1::USER_STATUS_DISABLED) {
    return InvalidArgument("status", "status must be USER_STATUS_ACTIVE or USER_STATUS_DISABLED");
  }
  if (auto version = RequireExpectedVersion(request.expected_version()); !version) return version.error();
  if (request.user_id() == principal.user_id && request.status() == v1::USER_STATUS_DISABLED) {
    return CannotLockOutSelf("disable");
  }
  auto found = context_.users.FindUser(request.user_id());
  if (!found) return found.error();
  if (!*found) return NotFound("user", request.user_id());
  v1::User user = std::move((*found)->user);
  user.set_status(request.status());
  auto saved = SaveUpdate(std::move(user), std::nullopt, request.expected_version(),
                          CallerScopedKey("users.SetUserStatus", request.request_id(), request, principal),
                          principal.user_id);
  if (!saved) return saved;
  spdlog::info("users: staff {} set the status of user {} to {}; revoking its sessions", principal.user_id,
               saved->id(), v1::UserStatus_Name(saved->status()));
  if (auto revoked = context_.sessions.RevokeAll(saved->id(), std::nullopt); !revoked) return revoked.error();
  return saved;
}

Result<v1::User> UserAccounts::SaveUpdate(v1::User user, std::optional<std::string> password_hash,
                                          std::int64_t expected_version, IdempotencyKey key,
                                          std::string const& actor) {
  auto const now = context_.clock.NowMicros();
  user.set_version(expected_version + 1);
  *user.mutable_updated_at() = TimeUtil::MicrosecondsToTimestamp(now);
  UserWrite write;
  write.event = MakeEvent({context_.ids.NewId(), now, key.key, actor}, "user.updated", "user", user.id(),
                          user.version(), UpdatedPayload(user));
  write.user = std::move(user);
  write.password_hash = std::move(password_hash);
  write.idempotency = std::move(key);
  return context_.users.UpdateUser(write, expected_version);
}

Result<v1::User> UserAccounts::EnsureStaffAccount(std::string const& raw_email, std::string const& password) {
  auto email = NormalizeEmail(raw_email);
  if (!email) return email.error();
  if (auto policy = CheckPasswordPolicy(password, *email); !policy) return policy.error();
  // Two instances bootstrapping at once: one insert or update wins, the other looks again.
  constexpr int kAttempts = 3;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    auto found = context_.users.FindUserByEmail(*email);
    if (!found) return found.error();
    if (!*found) {
      auto hash = context_.passwords.Hash(password);
      if (!hash) return hash.error();
      auto const now = context_.clock.NowMicros();
      v1::User user;
      user.set_id(context_.ids.NewId());
      user.set_email(*email);
      user.set_display_name("Staff");
      user.add_roles(v1::ROLE_STAFF);
      user.set_status(v1::USER_STATUS_ACTIVE);
      user.set_version(1);
      *user.mutable_created_at() = TimeUtil::MicrosecondsToTimestamp(now);
      *user.mutable_updated_at() = user.created_at();
      UserWrite write;
      write.event = MakeEvent({context_.ids.NewId(), now, "", kBootstrapActor}, "user.registered", "user", user.id(),
                              1, RegisteredPayload(user));
      write.user = std::move(user);
      write.password_hash = *std::move(hash);
      auto saved = context_.users.InsertUser(write);
      if (!saved && saved.error().reason == "DUPLICATE") continue;
      if (saved) spdlog::info("users: created staff account {} for {}", saved->id(), *email);
      return saved;
    }
    UserRecord record = **std::move(found);
    bool const password_ok = context_.passwords.Verify(record.password_hash, password);
    bool const staff = HoldsRole(record.user, v1::ROLE_STAFF);
    bool const active = record.user.status() == v1::USER_STATUS_ACTIVE;
    if (password_ok && staff && active) return std::move(record.user);

    std::optional<std::string> new_hash;
    if (!password_ok) {
      auto hash = context_.passwords.Hash(password);
      if (!hash) return hash.error();
      new_hash = *std::move(hash);
    }
    v1::User user = record.user;
    if (!staff) user.add_roles(v1::ROLE_STAFF);
    user.set_status(v1::USER_STATUS_ACTIVE);
    auto saved = SaveUpdate(std::move(user), std::move(new_hash), record.user.version(), IdempotencyKey{},
                            kBootstrapActor);
    if (!saved && saved.error().reason == "VERSION_MISMATCH") continue;
    if (!saved) return saved;
    spdlog::info("users: made account {} ({}) an active staff account{}; revoking its sessions", saved->id(), *email,
                 password_ok ? "" : " with the bootstrap password");
    if (auto revoked = context_.sessions.RevokeAll(saved->id(), std::nullopt); !revoked) return revoked.error();
    return saved;
  }
  return Error{ErrorKind::kAborted, "CONCURRENT_BOOTSTRAP",
               "the staff account kept changing while being bootstrapped; start again", {}};
}

}  // namespace mercato::domain
