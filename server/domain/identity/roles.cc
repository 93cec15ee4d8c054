// Role mapping and role-set validation.
#include "server/domain/identity/roles.h"

#include <algorithm>

namespace mercato::domain {

v1::Role ToProtoRole(Role role) {
  switch (role) {
    case Role::kCustomer: return v1::ROLE_CUSTOMER;
    case Role::kStaff: return v1::ROLE_STAFF;
    case Role::kService: return v1::ROLE_SERVICE;
  }
  return v1::ROLE_UNSPECIFIED;
}

std::optional<Role> FromProtoRole(v1::Role role) {
  switch (role) {
    case v1::ROLE_CUSTOMER: return Role::kCustomer;
    case v1::ROLE_STAFF: return Role::kStaff;
    case v1::ROLE_SERVICE: return Role::kService;
    default: return std::nullopt;
  }
}

std::vector<Role> RolesOf(v1::User const& user) {
  std::vector<Role> roles;
  for (int value : user.roles()) {
    if (auto role = FromProtoRole(static_cast<v1::Role>(value))) roles.push_back(*role);
  }
  return roles;
}

Result<std::vector<v1::Role>> CheckRoleSet(google::protobuf::RepeatedField<int> const& roles,
                                           std::string const& field) {
  if (roles.empty()) return InvalidArgument(field, field + " must name at least one role");
  std::vector<v1::Role> checked;
  for (int value : roles) {
    if (!v1::Role_IsValid(value) || !FromProtoRole(static_cast<v1::Role>(value))) {
      return InvalidArgument(field, field + " may hold only ROLE_CUSTOMER, ROLE_STAFF and ROLE_SERVICE, got " +
                                        std::to_string(value));
    }
    checked.push_back(static_cast<v1::Role>(value));
  }
  std::sort(checked.begin(), checked.end());
  checked.erase(std::unique(checked.begin(), checked.end()), checked.end());
  return checked;
}

}  // namespace mercato::domain
