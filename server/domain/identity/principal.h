// Who a request acts for, once the gateway has authenticated it: a user (customer, staff or
// service account) with its roles, or nobody (anonymous).
#pragma once

#include <algorithm>
#include <string>
#include <vector>

namespace mercato::domain {

enum class Role { kCustomer, kStaff, kService };

struct Principal {
  std::string user_id;        // empty when anonymous
  std::vector<Role> roles;
  std::string session_id;     // the session's id (never the token), for logs and revocation

  bool anonymous() const { return user_id.empty(); }
  bool Has(Role role) const { return std::find(roles.begin(), roles.end(), role) != roles.end(); }
  // Staff and service accounts run the shop: they see drafts and may edit.
  bool IsStaff() const { return Has(Role::kStaff) || Has(Role::kService); }
  // Who to record on events and logs.
  std::string actor() const { return anonymous() ? "anonymous" : user_id; }
};

}  // namespace mercato::domain
