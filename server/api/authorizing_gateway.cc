// Admission order: authenticate, rate-limit per principal (per client address when anonymous or
// when authentication failed), then authorize. A bad token fails even on public methods, so that
// clients learn their session ended.
#include "server/api/authorizing_gateway.h"

#include <spdlog/spdlog.h>

#include "server/api/authorization_table.h"
#include "server/api/client_address.h"
#include "server/domain/field_text.h"

namespace mercato::api {
namespace {

std::string CodeName(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK: return "OK";
    case grpc::StatusCode::CANCELLED: return "CANCELLED";
    case grpc::StatusCode::INVALID_ARGUMENT: return "INVALID_ARGUMENT";
    case grpc::StatusCode::DEADLINE_EXCEEDED: return "DEADLINE_EXCEEDED";
    case grpc::StatusCode::NOT_FOUND: return "NOT_FOUND";
    case grpc::StatusCode::ALREADY_EXISTS: return "ALREADY_EXISTS";
    case grpc::StatusCode::PERMISSION_DENIED: return "PERMISSION_DENIED";
    case grpc::StatusCode::RESOURCE_EXHAUSTED: return "RESOURCE_EXHAUSTED";
    case grpc::StatusCode::FAILED_PRECONDITION: return "FAILED_PRECONDITION";
    case grpc::StatusCode::ABORTED: return "ABORTED";
    case grpc::StatusCode::OUT_OF_RANGE: return "OUT_OF_RANGE";
    case grpc::StatusCode::UNIMPLEMENTED: return "UNIMPLEMENTED";
    case grpc::StatusCode::INTERNAL: return "INTERNAL";
    case grpc::StatusCode::UNAVAILABLE: return "UNAVAILABLE";
    case grpc::StatusCode::UNAUTHENTICATED: return "UNAUTHENTICATED";
    default: return "UNKNOWN";
  }
}

}  // namespace

domain::Result<domain::Principal> AuthorizingGateway::Authenticate(grpc::ServerContextBase const& context) {
  auto const& metadata = context.client_metadata();
  auto found = metadata.find("authorization");
  if (found == metadata.end()) return domain::Principal{};
  std::string_view const value(found->second.data(), found->second.size());
  constexpr std::string_view kBearer = "bearer ";
  // The scheme is case-insensitive (RFC 9110 11.1): "bearer", "Bearer" and "BEARER" all name it.
  if (domain::LowerAscii(value.substr(0, kBearer.size())) != kBearer) {
    return domain::Error{domain::ErrorKind::kUnauthenticated, "MALFORMED_CREDENTIALS",
                         "the authorization header must be \"Bearer <token>\"", {}};
  }
  return authenticator_.Authenticate(value.substr(kBearer.size()));
}

std::string AuthorizingGateway::CallerKey(grpc::ServerContextBase const& context,
                                          domain::Principal const& principal) {
  if (principal.anonymous()) return "ip:" + ClientAddress(context, limits_.trusted_proxies);
  return "user:" + principal.user_id;
}

domain::Result<domain::Principal> AuthorizingGateway::Admit(grpc::ServerContextBase& context, std::string_view method) {
  auto principal = Authenticate(context);
  // A call that fails authentication is charged to the client address, like an anonymous one, so
  // that guessing tokens costs the same budget as any other anonymous traffic.
  domain::Principal const anonymous;
  bool const per_address = !principal || principal->anonymous();
  auto const key = CallerKey(context, principal ? *principal : anonymous);
  auto const decision = limiter_.Acquire(key, per_address ? limits_.per_anonymous_ip : limits_.per_user);
  if (!decision.allowed) {
    return domain::Error{domain::ErrorKind::kResourceExhausted, "RATE_LIMITED",
                         "too many requests; retry in " + std::to_string(decision.retry_after.count()) + " ms",
                         {{"retry_after_ms", std::to_string(decision.retry_after.count())}}};
  }
  if (!principal) return principal.error();

  auto const audience = AudienceOf(method);
  if (!audience) {
    return domain::Error{domain::ErrorKind::kPermissionDenied, "METHOD_NOT_ALLOWED",
                         std::string(method) + " is not open to any caller", {{"method", std::string(method)}}};
  }
  if (!Admits(*audience, *principal)) {
    if (principal->anonymous()) {
      return domain::Error{domain::ErrorKind::kUnauthenticated, "SIGN_IN_REQUIRED",
                           std::string(method) + " needs a signed-in caller: send \"authorization: Bearer <token>\"",
                           {}};
    }
    return domain::StaffRequired(std::string(method));
  }
  return principal;
}

void AuthorizingGateway::Record(std::string_view method, grpc::StatusCode code,
                                std::chrono::steady_clock::duration took) {
  auto const name = CodeName(code);
  metrics_.Record(std::string(method), name, took);
  spdlog::debug("{} {} in {} us", method, name, std::chrono::duration_cast<std::chrono::microseconds>(took).count());
}

}  // namespace mercato::api
