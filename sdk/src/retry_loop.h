// The one retry loop every unary RPC of every service runs: a fresh ClientContext and deadline
// per attempt, retries of idempotent calls only and only on UNAVAILABLE, RESOURCE_EXHAUSTED,
// DEADLINE_EXCEEDED and CANCELLED, full-jitter backoff, and a server retry hint that wins over the policy.
#pragma once

#include <grpcpp/client_context.h>
#include <grpcpp/support/status.h>

#include "mercato/status_or.h"
#include "sdk/src/backoff.h"
#include "sdk/src/call_settings.h"
#include "sdk/src/grpc_status.h"
#include "sdk/src/request_id.h"

namespace mercato::internal {

// Reads are idempotent; a mutation is iff it carries a request_id (the server deduplicates it).
enum class Idempotency { kIdempotent, kNonIdempotent };

// A non-idempotent call is never retried: the first attempt may have taken effect. The SDK never
// cancels a unary call itself, so CANCELLED comes from the server side: a server shutting down
// cancels calls it received but never started (grpc/grpc#41785), and the next instance can serve them.
inline bool IsRetryable(StatusCode code, Idempotency idempotency) {
  if (idempotency == Idempotency::kNonIdempotent) return false;
  return code == StatusCode::kUnavailable || code == StatusCode::kResourceExhausted ||
         code == StatusCode::kDeadlineExceeded || code == StatusCode::kCancelled;
}

// Fills request_id once, before the first attempt, unless the caller set one; every attempt then
// sends the same key.
template <typename Request>
Request WithRequestId(Request request) {
  if (request.request_id().empty()) request.set_request_id(MakeRequestId());
  return request;
}

template <typename Request>
Idempotency MutationIdempotency(Request const& request) {
  return request.request_id().empty() ? Idempotency::kNonIdempotent : Idempotency::kIdempotent;
}

// Calls `method` (a blocking stub method, e.g. &CatalogService::StubInterface::GetProduct) on
// `stub` until it succeeds, fails for good, or runs out of attempts.
template <typename Stub, typename Request, typename Response>
StatusOr<Response> RetryLoop(Stub& stub, grpc::Status (Stub::*method)(grpc::ClientContext*, Request const&, Response*),
                             Request const& request, CallSettings const& settings, Idempotency idempotency) {
  FullJitterBackoff backoff(settings.retry);
  for (int attempt = 1;; ++attempt) {
    grpc::ClientContext context;
    PrepareContext(context, settings.bearer_token, settings.deadline);
    Response response;
    grpc::Status const result = (stub.*method)(&context, request, &response);
    if (result.ok()) return response;
    Status status = FromGrpcStatus(result, context);
    if (attempt >= settings.retry.max_attempts || !IsRetryable(status.code(), idempotency)) return status;
    settings.sleeper(status.retry_after() ? *status.retry_after() : backoff.NextDelay());
  }
}

}  // namespace mercato::internal
