// Who may call what: each method's audience is its `(mercato.v1.access)` option in the contract
// (proto/mercato/v1/options.proto), read from the descriptors mercatod is built with. A method
// the contract does not define is refused (deny by default), and one without an audience stops the
// build (contract_check). Object-level rules (a customer's own addresses, orders) live in the use
// cases on top of this.
#pragma once

#include <optional>
#include <string_view>

#include "server/domain/identity/principal.h"

namespace google::protobuf {
class MethodDescriptor;
}

namespace mercato::api {

enum class Audience {
  kAnyone,         // anonymous callers included
  kSignedIn,       // any authenticated principal (customer, staff, service)
  kStaff,          // staff or service accounts
};

// The audience `method` names; nullopt when it names none.
std::optional<Audience> AudienceOf(google::protobuf::MethodDescriptor const& method);

// By full gRPC method name ("/mercato.v1.CatalogService/GetProduct"): nullopt when the contract
// has no such method or it names no audience.
std::optional<Audience> AudienceOf(std::string_view full_method);

// Whether `principal` belongs to `audience`.
bool Admits(Audience audience, domain::Principal const& principal);

}  // namespace mercato::api
