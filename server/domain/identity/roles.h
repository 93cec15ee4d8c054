// Conversions between the domain's Role and the contract's v1::Role, and the checks on role sets
// that come from requests.
#pragma once

#include <google/protobuf/repeated_field.h>

#include <optional>
#include <vector>

#include "mercato/v1/users.pb.h"
#include "server/domain/error.h"
#include "server/domain/identity/principal.h"

namespace mercato::domain {

v1::Role ToProtoRole(Role role);
std::optional<Role> FromProtoRole(v1::Role role);  // nullopt for ROLE_UNSPECIFIED and unknown values

// The domain roles of a stored user (unknown values are dropped).
std::vector<Role> RolesOf(v1::User const& user);

// A requested role set: not empty, every value known and specified; duplicates are dropped and
// the result is sorted. INVALID_ARGUMENT on `field` otherwise.
Result<std::vector<v1::Role>> CheckRoleSet(google::protobuf::RepeatedField<int> const& roles, std::string const& field);

// Whether the principal is staff or a service account (back-office reads).
inline bool IsBackOffice(Principal const& principal) {
  return principal.Has(Role::kStaff) || principal.Has(Role::kService);
}

}  // namespace mercato::domain
