// The doubles' behaviour: a deny-by-default method table and a clock-driven token bucket.
#include "tests/server/identity/identity_test_doubles.h"

#include <algorithm>

namespace mercato::identity_test {

domain::RateDecision TestRateLimiter::Acquire(std::string const& key, domain::RateLimit const& limit) {
  std::lock_guard lock(mutex_);
  auto const now = clock_.Now();
  auto const full = limit.interval * limit.burst;
  Bucket& bucket = buckets_.try_emplace(key, Bucket{full, now}).first->second;
  bucket.credit = std::min<std::chrono::system_clock::duration>(full, bucket.credit + (now - bucket.updated));
  bucket.updated = now;
  if (bucket.credit >= limit.interval) {
    bucket.credit -= limit.interval;
    return {true, {}};
  }
  return {false, std::chrono::duration_cast<std::chrono::milliseconds>(limit.interval - bucket.credit)};
}

std::map<std::string, Audience> UserServiceTable() {
  using domain::Role;
  Audience const anyone{true, {}};
  Audience const signed_in{false, {Role::kCustomer, Role::kStaff, Role::kService}};
  Audience const back_office{false, {Role::kStaff, Role::kService}};
  Audience const staff{false, {Role::kStaff}};
  std::string const prefix = "/mercato.v1.UserService/";
  std::map<std::string, Audience> table;
  for (auto const* rpc : {"Register", "Login"}) table[prefix + rpc] = anyone;
  for (auto const* rpc : {"Logout", "GetMe", "UpdateMe", "ChangePassword", "CreateAddress", "GetAddress",
                          "ListAddresses", "UpdateAddress", "DeleteAddress"}) {
    table[prefix + rpc] = signed_in;
  }
  for (auto const* rpc : {"GetUser", "ListUsers"}) table[prefix + rpc] = back_office;
  for (auto const* rpc : {"SetUserRoles", "SetUserStatus"}) table[prefix + rpc] = staff;
  return table;
}

domain::Result<domain::Principal> TestGateway::Admit(grpc::ServerContextBase& context, std::string_view method) {
  domain::Principal principal;
  auto const& metadata = context.client_metadata();
  if (auto found = metadata.find("authorization"); found != metadata.end()) {
    std::string_view const value(found->second.data(), found->second.size());
    std::string_view const bearer = "Bearer ";
    auto authenticated = authenticator_.Authenticate(value.starts_with(bearer) ? value.substr(bearer.size()) : "");
    if (!authenticated) return authenticated.error();
    principal = *std::move(authenticated);
  }
  auto const row = table_.find(std::string(method));
  if (row == table_.end()) {
    return domain::Error{domain::ErrorKind::kPermissionDenied, "METHOD_NOT_ALLOWED", "not in the table", {}};
  }
  if (row->second.anonymous) return principal;
  if (principal.anonymous()) {
    return domain::Error{domain::ErrorKind::kUnauthenticated, "SIGN_IN_REQUIRED", "sign in first", {}};
  }
  auto const& roles = row->second.roles;
  if (std::none_of(roles.begin(), roles.end(), [&](domain::Role role) { return principal.Has(role); })) {
    return domain::StaffRequired(std::string(method));
  }
  return principal;
}

}  // namespace mercato::identity_test
