// Profile validation and partial updates.
#include "server/domain/identity/user_rules.h"

#include "server/domain/identity/email_address.h"
#include "server/domain/field_text.h"

namespace mercato::domain {
namespace {

constexpr std::size_t kMaxDisplayName = 100;

}  // namespace

Status NormalizeDisplayName(std::string& name, std::string const& field) {
  return NormalizeText(field, name, {kMaxDisplayName, false, false});
}

Status NormalizeProfile(v1::User& user) {
  if (auto name = NormalizeDisplayName(*user.mutable_display_name(), "user.display_name"); !name) return name;
  user.set_phone(TrimText(user.phone()));
  if (!user.phone().empty() && !IsE164Phone(user.phone())) {
    return InvalidArgument("user.phone", "user.phone must be in E.164 form, e.g. \"+447700900123\"");
  }
  auto email = NormalizeEmail(user.email(), "user.email");
  if (!email) return email.error();
  user.set_email(*std::move(email));
  return Ok();
}

Result<v1::User> ApplyProfileMask(v1::User current, v1::User const& changes, google::protobuf::FieldMask const& mask) {
  if (mask.paths().empty()) return InvalidArgument("update_mask", "update_mask must name at least one field to change");
  for (auto const& path : mask.paths()) {
    if (path == "display_name") {
      current.set_display_name(changes.display_name());
    } else if (path == "phone") {
      current.set_phone(changes.phone());
    } else if (path == "email") {
      current.set_email(changes.email());
    } else {
      return InvalidArgument("update_mask", "\"" + path +
                                                "\" cannot be updated here; allowed: display_name, phone, email "
                                                "(roles and status: SetUserRoles, SetUserStatus)");
    }
  }
  return current;
}

}  // namespace mercato::domain
