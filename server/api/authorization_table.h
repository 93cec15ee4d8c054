// The one declarative table of who may call what: full gRPC method name -> audience. A method
// missing from the table is refused (deny by default); a test walks the descriptor pool so that
// every method of every service has its row. Object-level rules (a customer's own addresses,
// orders) live in the use cases on top of this.
#pragma once

#include <optional>
#include <string_view>

#include "server/domain/identity/principal.h"

namespace mercato::api {

enum class Audience {
  kAnyone,         // anonymous callers included
  kSignedIn,       // any authenticated principal (customer, staff, service)
  kStaff,          // staff or service accounts
};

// nullopt when the method is not in the table.
std::optional<Audience> AudienceOf(std::string_view full_method);

// Whether `principal` belongs to `audience`.
bool Admits(Audience audience, domain::Principal const& principal);

}  // namespace mercato::api
