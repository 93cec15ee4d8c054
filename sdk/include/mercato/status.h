// The result of every SDK call that can fail: a canonical code, a message for people, and the
// machine-readable details the server attached (reason, domain, metadata, request id, retry hint).
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <ostream>
#include <string>

namespace mercato {

// The gRPC canonical codes, with the same numeric values.
enum class StatusCode {
  kOk = 0,
  kCancelled = 1,
  kUnknown = 2,
  kInvalidArgument = 3,
  kDeadlineExceeded = 4,
  kNotFound = 5,
  kAlreadyExists = 6,
  kPermissionDenied = 7,
  kResourceExhausted = 8,
  kFailedPrecondition = 9,
  kAborted = 10,
  kOutOfRange = 11,
  kUnimplemented = 12,
  kInternal = 13,
  kUnavailable = 14,
  kDataLoss = 15,
  kUnauthenticated = 16,
};

// "NOT_FOUND", "UNAVAILABLE", ... as gRPC spells them.
std::string StatusCodeToString(StatusCode code);
std::ostream& operator<<(std::ostream& os, StatusCode code);

// What the server said about a failure beyond the code (decoded from mercato.v1.ErrorInfo,
// mercato.v1.RetryInfo and the x-request-id response metadata).
struct ErrorDetails {
  // Stable UPPER_SNAKE identifier, e.g. "VERSION_MISMATCH"; safe to switch on.
  std::string reason;
  // Service domain that produced the error, e.g. "catalog" or "api".
  std::string domain;
  // Structured context, e.g. {"field": "slug"}.
  std::map<std::string, std::string> metadata;
  // The server's id for the failed call, for support requests and logs.
  std::string request_id;
  // Minimum wait the server asked for before retrying.
  std::optional<std::chrono::milliseconds> retry_after;

  friend bool operator==(ErrorDetails const&, ErrorDetails const&) = default;
};

class Status {
 public:
  // OK.
  Status() = default;
  Status(StatusCode code, std::string message, ErrorDetails details = {});

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  std::string const& message() const { return message_; }
  ErrorDetails const& details() const { return details_; }

  std::string const& reason() const { return details_.reason; }
  std::string const& domain() const { return details_.domain; }
  std::map<std::string, std::string> const& metadata() const { return details_.metadata; }
  std::string const& request_id() const { return details_.request_id; }
  std::optional<std::chrono::milliseconds> retry_after() const { return details_.retry_after; }

  friend bool operator==(Status const&, Status const&) = default;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  ErrorDetails details_;
};

// "NOT_FOUND: product 42 does not exist [reason=NOT_FOUND domain=catalog request_id=...]".
std::ostream& operator<<(std::ostream& os, Status const& status);

}  // namespace mercato
