// The password rules, checked in a fixed order so that the first failure is the one reported.
#include "server/domain/identity/password_policy.h"

#include <set>

#include "server/domain/identity/email_address.h"
#include "server/domain/field_text.h"

namespace mercato::domain {
namespace {

constexpr int kMinClasses = 2;
constexpr std::size_t kMinDistinct = 6;
constexpr std::size_t kMinLocalPartToRefuse = 3;

int CharacterClasses(std::string_view password) {
  bool lower = false, upper = false, digit = false, other = false;
  for (char c : password) {
    if (c >= 'a' && c <= 'z') {
      lower = true;
    } else if (c >= 'A' && c <= 'Z') {
      upper = true;
    } else if (c >= '0' && c <= '9') {
      digit = true;
    } else {
      other = true;
    }
  }
  return int{lower} + int{upper} + int{digit} + int{other};
}

}  // namespace

Status CheckPasswordPolicy(std::string_view password, std::string_view email, std::string const& field) {
  auto const length = CodePoints(password);
  if (length < kMinPasswordCodePoints || length > kMaxPasswordCodePoints || password.size() > kMaxPasswordBytes) {
    return InvalidArgument(field, field + " must be 12 to 128 characters long");
  }
  if (HasControlCharacter(password)) {
    return InvalidArgument(field, field + " must not contain control characters (tabs, newlines)");
  }
  if (CharacterClasses(password) < kMinClasses) {
    return InvalidArgument(field, field + " must mix at least two of: lower-case letters, upper-case letters, "
                                          "digits, other characters");
  }
  if (std::set<char>(password.begin(), password.end()).size() < kMinDistinct) {
    return InvalidArgument(field, field + " must contain at least 6 different characters");
  }
  auto const local = EmailLocalPart(email);
  if (local.size() >= kMinLocalPartToRefuse && LowerAscii(password).find(LowerAscii(local)) != std::string::npos) {
    return InvalidArgument(field, field + " must not contain the name part of the account's email");
  }
  return Ok();
}

}  // namespace mercato::domain
