// The rules a saved delivery address must satisfy, and how a partial update applies to one.
#pragma once

#include <google/protobuf/field_mask.pb.h>

#include <string_view>

#include "mercato/v1/users.pb.h"
#include "server/domain/error.h"

namespace mercato::domain {

// Whether `code` is an officially assigned ISO 3166-1 alpha-2 code (upper case).
bool IsCountryCode(std::string_view code);

// Trims every text field, upper-cases country_code and postcode, then checks (the first failure
// names its field, e.g. "address.address.postcode"):
//   label at most 50 characters; recipient_name 1-100; line1 1-200; line2 at most 200; city
//   1-100; region at most 100; none with control characters;
//   postcode 1-16 of letters, digits, spaces and '-', with at least one letter or digit (a string:
//   leading zeros and letters are kept);
//   country_code an ISO 3166-1 alpha-2 code; phone empty or E.164;
//   location, when set, latitude -90..90 and longitude -180..180.
Status NormalizeAddress(v1::UserAddress& address);

// Copies the fields named by `mask` from `changes` onto `current`: label, is_default, address (the
// whole postal address) or address.<field> (one of its fields, e.g. address.postcode). Other
// paths are INVALID_ARGUMENT.
Result<v1::UserAddress> ApplyAddressMask(v1::UserAddress current, v1::UserAddress const& changes,
                                         google::protobuf::FieldMask const& mask);

}  // namespace mercato::domain
