// grpc::Status + response metadata -> mercato::Status.
#include "sdk/src/grpc_status.h"

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "mercato/v1/errors.pb.h"

namespace mercato::internal {
namespace {

using Metadata = std::multimap<grpc::string_ref, grpc::string_ref>;

constexpr char kErrorInfoKey[] = "mercato-error-info-bin";
constexpr char kRetryInfoKey[] = "mercato-retry-info-bin";
constexpr char kRequestIdKey[] = "x-request-id";

std::optional<std::string> Find(Metadata const& metadata, char const* key) {
  auto it = metadata.find(key);
  if (it == metadata.end()) return std::nullopt;
  return std::string(it->second.data(), it->second.size());
}

StatusCode ToStatusCode(grpc::StatusCode code) {
  auto const value = static_cast<int>(code);
  if (value < 0 || value > static_cast<int>(StatusCode::kUnauthenticated)) return StatusCode::kUnknown;
  return static_cast<StatusCode>(value);
}

std::chrono::milliseconds ToMilliseconds(google::protobuf::Duration const& d) {
  using std::chrono::duration_cast;
  // Beyond a day (or negative) is no delay a client waits for; clamped before the sum can overflow.
  constexpr std::int64_t kDaySeconds = 24 * 3600;
  if (d.seconds() < 0 || d.nanos() < 0) return std::chrono::milliseconds(0);
  if (d.seconds() >= kDaySeconds) return std::chrono::seconds(kDaySeconds);
  auto const total = std::chrono::seconds(d.seconds()) + std::chrono::nanoseconds(d.nanos());
  auto ms = duration_cast<std::chrono::milliseconds>(total);
  if (ms < total) ++ms;  // never retry earlier than asked
  return ms;
}

}  // namespace

Status FromGrpcStatus(grpc::Status const& status, grpc::ClientContext const& context) {
  if (status.ok()) return {};
  ErrorDetails details;
  Metadata const& trailers = context.GetServerTrailingMetadata();
  if (auto bytes = Find(trailers, kErrorInfoKey)) {
    v1::ErrorInfo info;
    if (info.ParseFromString(*bytes)) {
      details.reason = info.reason();
      details.domain = info.domain();
      details.metadata.insert(info.metadata().begin(), info.metadata().end());
    }
  }
  if (auto bytes = Find(trailers, kRetryInfoKey)) {
    v1::RetryInfo info;
    if (info.ParseFromString(*bytes) && info.has_retry_delay()) details.retry_after = ToMilliseconds(info.retry_delay());
  }
  if (auto id = Find(trailers, kRequestIdKey)) {
    details.request_id = *id;
  } else if (!context.peer().empty()) {
    // Initial metadata is only readable once the call reached the transport (peer() is empty for
    // calls that never did, e.g. through a mock stub); reading it earlier asserts.
    if (auto initial_id = Find(context.GetServerInitialMetadata(), kRequestIdKey)) details.request_id = *initial_id;
  }
  return Status(ToStatusCode(status.error_code()), status.error_message(), std::move(details));
}

}  // namespace mercato::internal
