// What a new password must be (at registration, password change and staff bootstrap). The policy:
//   - 12 to 128 characters (Unicode code points; at most 512 bytes), no control characters;
//   - characters from at least two of four classes: a-z, A-Z, 0-9, anything else (symbols,
//     spaces, non-ASCII letters);
//   - at least 6 different characters ("aaaaaaaaaaa1" is refused);
//   - not containing the account email's local part, compared case-insensitively, when that part
//     has 3 characters or more ("jane.doe@x.org" cannot use "Jane.Doe-2024!").
// Errors are INVALID_ARGUMENT on `field` and never quote the password.
#pragma once

#include <string>
#include <string_view>

#include "server/domain/error.h"

namespace mercato::domain {

inline constexpr std::size_t kMinPasswordCodePoints = 12;
inline constexpr std::size_t kMaxPasswordCodePoints = 128;
inline constexpr std::size_t kMaxPasswordBytes = 512;

// `email` is the normalised email of the account the password is for.
Status CheckPasswordPolicy(std::string_view password, std::string_view email, std::string const& field = "password");

}  // namespace mercato::domain
