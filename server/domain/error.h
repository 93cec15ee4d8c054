// The domain's failure type: a canonical kind, a machine-readable reason and a message a person
// can act on. The api layer maps it to a gRPC status; nothing here knows about gRPC.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace mercato::domain {

enum class ErrorKind {
  kInvalidArgument,
  kNotFound,
  kAlreadyExists,
  kFailedPrecondition,
  kAborted,
  kOutOfRange,
  kPermissionDenied,
  kUnauthenticated,
  kResourceExhausted,
  kUnavailable,
  kInternal,
};

struct Error {
  ErrorKind kind;
  std::string reason;   // stable UPPER_SNAKE identifier, e.g. VERSION_MISMATCH
  std::string message;  // for people: what is wrong and what to do
  std::map<std::string, std::string> metadata;
};

// At most `max_bytes` of `text`, cut at a UTF-8 character boundary and marked with "..." when cut.
inline std::string Truncated(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return std::string(text.substr(0, end)) + "...";
}

// A caller's value as an error quotes it: at most 64 bytes, so that an error never sends a huge
// input back (a client on gRPC's default 8 KiB metadata limit would see RESOURCE_EXHAUSTED).
inline std::string Echo(std::string_view value) { return Truncated(value, 64); }

inline Error InvalidArgument(std::string field, std::string message) {
  return {ErrorKind::kInvalidArgument, "FIELD_INVALID", std::move(message), {{"field", std::move(field)}}};
}
inline Error NotFound(std::string const& resource, std::string const& id) {
  return {ErrorKind::kNotFound, "NOT_FOUND", resource + " '" + Echo(id) + "' does not exist",
          {{"resource", resource + "/" + Echo(id)}}};
}
inline Error VersionMismatch(std::string const& resource, std::string const& id, long long expected,
                             long long current) {
  return {ErrorKind::kAborted,
          "VERSION_MISMATCH",
          resource + " '" + Echo(id) + "' is at version " + std::to_string(current) + ", not " +
              std::to_string(expected) + ": it changed since you read it; re-read and retry",
          {{"resource", resource + "/" + Echo(id)}, {"current_version", std::to_string(current)}}};
}
inline Error StaffRequired(std::string const& what) {
  return {ErrorKind::kPermissionDenied, "ROLE_REQUIRED", what + " needs the staff role", {{"role", "ROLE_STAFF"}}};
}
inline Error Unavailable(std::string message) {
  return {ErrorKind::kUnavailable, "BACKEND_UNAVAILABLE", std::move(message), {}};
}
inline Error Internal(std::string message) {
  return {ErrorKind::kInternal, "INTERNAL", std::move(message), {}};
}

// A value or the Error that prevented it.
template <typename T>
class Result {
 public:
  Result(T value) : state_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Error error) : state_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<T>(state_); }
  T const& value() const& { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  T& operator*() & { return value(); }
  T const& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  T const* operator->() const { return &value(); }
  Error const& error() const { return std::get<Error>(state_); }

 private:
  std::variant<T, Error> state_;
};

// Result of an operation with no value.
struct Done {};
using Status = Result<Done>;
inline Status Ok() { return Done{}; }

// Ok when an optimistic write names the version it read (> 0), INVALID_ARGUMENT otherwise.
inline Status RequireExpectedVersion(long long expected_version) {
  if (expected_version <= 0) {
    return InvalidArgument("expected_version", "expected_version is required: send the version you read");
  }
  return Ok();
}

}  // namespace mercato::domain
