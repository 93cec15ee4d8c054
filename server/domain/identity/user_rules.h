// The profile rules of an account (what its owner may change with UpdateMe) and how a partial
// update applies to one.
#pragma once

#include <google/protobuf/field_mask.pb.h>

#include <string>

#include "mercato/v1/users.pb.h"
#include "server/domain/error.h"

namespace mercato::domain {

// Trims a display name and checks it: at most 100 characters, no control characters, may be empty.
Status NormalizeDisplayName(std::string& name, std::string const& field);

// Trims display_name and phone and normalises email, then checks: display_name at most 100
// characters without control characters (may be empty), phone empty or E.164, email valid.
Status NormalizeProfile(v1::User& user);

// Copies the fields named by `mask` (display_name, phone, email) from `changes` onto `current`.
// Any other path (roles, status, id, version...) is INVALID_ARGUMENT: roles and status have their
// own staff methods.
Result<v1::User> ApplyProfileMask(v1::User current, v1::User const& changes, google::protobuf::FieldMask const& mask);

}  // namespace mercato::domain
