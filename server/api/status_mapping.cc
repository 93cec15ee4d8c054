// One mapping for every service, so every client language can branch on the same code + reason.
#include "server/api/status_mapping.h"

#include <google/protobuf/util/time_util.h>

#include <charconv>

#include "mercato/v1/errors.pb.h"

namespace mercato::api {

grpc::StatusCode ToGrpcCode(domain::ErrorKind kind) {
  using domain::ErrorKind;
  switch (kind) {
    case ErrorKind::kInvalidArgument: return grpc::StatusCode::INVALID_ARGUMENT;
    case ErrorKind::kNotFound: return grpc::StatusCode::NOT_FOUND;
    case ErrorKind::kAlreadyExists: return grpc::StatusCode::ALREADY_EXISTS;
    case ErrorKind::kFailedPrecondition: return grpc::StatusCode::FAILED_PRECONDITION;
    case ErrorKind::kAborted: return grpc::StatusCode::ABORTED;
    case ErrorKind::kOutOfRange: return grpc::StatusCode::OUT_OF_RANGE;
    case ErrorKind::kPermissionDenied: return grpc::StatusCode::PERMISSION_DENIED;
    case ErrorKind::kUnauthenticated: return grpc::StatusCode::UNAUTHENTICATED;
    case ErrorKind::kResourceExhausted: return grpc::StatusCode::RESOURCE_EXHAUSTED;
    case ErrorKind::kUnavailable: return grpc::StatusCode::UNAVAILABLE;
    case ErrorKind::kInternal: return grpc::StatusCode::INTERNAL;
  }
  return grpc::StatusCode::INTERNAL;
}

namespace {

// An error that says when to come back ("retry_after_ms") carries it as RetryInfo and as the
// conventional retry-after seconds, so that every client honours it the same way.
void AttachRetryDelay(domain::Error const& error, grpc::ServerContextBase& context) {
  auto const found = error.metadata.find("retry_after_ms");
  if (found == error.metadata.end()) return;
  std::int64_t milliseconds = 0;
  auto const& text = found->second;
  if (std::from_chars(text.data(), text.data() + text.size(), milliseconds).ec != std::errc()) return;
  v1::RetryInfo retry;
  *retry.mutable_retry_delay() = google::protobuf::util::TimeUtil::MillisecondsToDuration(milliseconds);
  context.AddTrailingMetadata("mercato-retry-info-bin", retry.SerializeAsString());
  context.AddTrailingMetadata("retry-after", std::to_string((milliseconds + 999) / 1000));
}

}  // namespace

grpc::Status ToGrpcStatus(domain::Error const& error, std::string const& domain_name, grpc::ServerContextBase& context) {
  // Rules quote inputs through domain::Echo; these caps keep any message they missed within
  // gRPC's default 8 KiB metadata limit however large the input was.
  constexpr std::size_t kMaxMessageBytes = 1024;
  constexpr std::size_t kMaxMetadataKeyBytes = 160;
  constexpr std::size_t kMaxMetadataValueBytes = 256;
  constexpr std::size_t kMaxMetadataBytes = 4096;  // what is left of 8 KiB for the other headers
  v1::ErrorInfo info;
  info.set_reason(error.reason);
  info.set_domain(domain_name);
  std::size_t total = 0;
  std::size_t left_out = 0;
  for (auto const& [key, value] : error.metadata) {
    auto entry_key = domain::Truncated(key, kMaxMetadataKeyBytes);
    auto entry_value = domain::Truncated(value, kMaxMetadataValueBytes);
    if (total + entry_key.size() + entry_value.size() > kMaxMetadataBytes) {
      ++left_out;
      continue;
    }
    total += entry_key.size() + entry_value.size();
    (*info.mutable_metadata())[std::move(entry_key)] = std::move(entry_value);
  }
  // A long list (OUT_OF_STOCK naming every short line) says how much of it did not fit.
  if (left_out > 0) (*info.mutable_metadata())["metadata_left_out"] = std::to_string(left_out);
  context.AddTrailingMetadata("mercato-error-info-bin", info.SerializeAsString());
  AttachRetryDelay(error, context);
  return {ToGrpcCode(error.kind), domain::Truncated(error.message, kMaxMessageBytes)};
}

}  // namespace mercato::api
