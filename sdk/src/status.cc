// Status printing, code names, and the abort behind StatusOr's checked access.
#include "mercato/status.h"

#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "mercato/status_or.h"

namespace mercato {

Status::Status(StatusCode code, std::string message, ErrorDetails details)
    : code_(code), message_(std::move(message)), details_(std::move(details)) {}

std::string StatusCodeToString(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return "OK";
    case StatusCode::kCancelled: return "CANCELLED";
    case StatusCode::kUnknown: return "UNKNOWN";
    case StatusCode::kInvalidArgument: return "INVALID_ARGUMENT";
    case StatusCode::kDeadlineExceeded: return "DEADLINE_EXCEEDED";
    case StatusCode::kNotFound: return "NOT_FOUND";
    case StatusCode::kAlreadyExists: return "ALREADY_EXISTS";
    case StatusCode::kPermissionDenied: return "PERMISSION_DENIED";
    case StatusCode::kResourceExhausted: return "RESOURCE_EXHAUSTED";
    case StatusCode::kFailedPrecondition: return "FAILED_PRECONDITION";
    case StatusCode::kAborted: return "ABORTED";
    case StatusCode::kOutOfRange: return "OUT_OF_RANGE";
    case StatusCode::kUnimplemented: return "UNIMPLEMENTED";
    case StatusCode::kInternal: return "INTERNAL";
    case StatusCode::kUnavailable: return "UNAVAILABLE";
    case StatusCode::kDataLoss: return "DATA_LOSS";
    case StatusCode::kUnauthenticated: return "UNAUTHENTICATED";
  }
  return "CODE_" + std::to_string(static_cast<int>(code));
}

std::ostream& operator<<(std::ostream& os, StatusCode code) { return os << StatusCodeToString(code); }

std::ostream& operator<<(std::ostream& os, Status const& status) {
  os << status.code();
  if (!status.message().empty()) os << ": " << status.message();
  auto const& details = status.details();
  if (details.reason.empty() && details.domain.empty() && details.request_id.empty() && details.metadata.empty() &&
      !details.retry_after) {
    return os;
  }
  os << " [";
  char const* sep = "";
  auto field = [&](char const* name, std::string const& value) {
    if (value.empty()) return;
    os << sep << name << "=" << value;
    sep = " ";
  };
  field("reason", details.reason);
  field("domain", details.domain);
  field("request_id", details.request_id);
  for (auto const& [key, value] : details.metadata) field(key.c_str(), value);
  if (details.retry_after) field("retry_after_ms", std::to_string(details.retry_after->count()));
  return os << "]";
}

namespace internal {

void AbortOnBadStatusOrAccess(Status const& status) {
  std::ostringstream text;
  text << status;
  std::fprintf(stderr, "mercato: value() of a failed StatusOr: %s\n", text.str().c_str());
  std::abort();
}

}  // namespace internal
}  // namespace mercato
