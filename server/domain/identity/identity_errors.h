// The identity errors clients branch on. Credential and session failures say nothing about which
// part was wrong, so that they cannot be used to probe for accounts or tokens.
#pragma once

#include <chrono>
#include <string>

#include "server/domain/error.h"

namespace mercato::domain {

// Login with an unknown email, a wrong password, or a disabled account's wrong password.
inline Error InvalidCredentials() {
  return {ErrorKind::kUnauthenticated, "INVALID_CREDENTIALS", "the email or password is wrong", {}};
}

// A bearer token that is missing, malformed, unknown, expired or revoked.
inline Error SessionInvalid() {
  return {ErrorKind::kUnauthenticated, "SESSION_INVALID",
          "the session token is missing, expired or revoked; log in again", {}};
}

// Only told to someone who gave the right password.
inline Error AccountDisabled() {
  return {ErrorKind::kPermissionDenied, "ACCOUNT_DISABLED", "this account is disabled; contact support", {}};
}

// Too many login (or password) attempts for an account or from an address.
inline Error LoginThrottled(std::chrono::milliseconds retry_after) {
  auto const seconds = (retry_after.count() + 999) / 1000;
  return {ErrorKind::kResourceExhausted, "RATE_LIMITED",
          "too many login attempts; retry in " + std::to_string(seconds) + " s",
          {{"retry_after_ms", std::to_string(retry_after.count())}}};
}

inline Error SignInRequired() {
  return {ErrorKind::kUnauthenticated, "SESSION_INVALID", "this call needs a session: log in first", {}};
}

// The back-office reads: staff or service accounts.
inline Error BackOfficeRequired(std::string const& what) {
  return {ErrorKind::kPermissionDenied, "ROLE_REQUIRED", what + " needs the staff or service role",
          {{"role", "ROLE_STAFF"}}};
}

}  // namespace mercato::domain
