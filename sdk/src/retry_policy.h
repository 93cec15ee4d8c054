// The retry policy of every unary RPC, one definition for the blocking loop (retry_loop.h) and the
// asynchronous one (async_retry_loop.h): which calls are idempotent, which failures are retried,
// and the wait before the next attempt.
#pragma once

#include <chrono>
#include <optional>

#include "mercato/options.h"
#include "mercato/status.h"
#include "sdk/src/request_id.h"
#include "sdk/src/retry_pacer.h"

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

// After a failed attempt: the wait before the next one, or nullopt when `failure` is the call's result.
inline std::optional<std::chrono::milliseconds> TransientRetryDelay(RetryPacer& pacer, Status const& failure,
                                                                    Idempotency idempotency) {
  if (!IsRetryable(failure.code(), idempotency)) return std::nullopt;
  return pacer.NextDelay(failure);
}

// Fills request_id once, before the first attempt: the request's own, else the caller's
// CallOptions::request_id, else a new one; every attempt then sends the same key.
template <typename Request>
Request WithRequestId(Request request, CallOptions const& opts) {
  if (request.request_id().empty()) request.set_request_id(opts.request_id.empty() ? MakeRequestId() : opts.request_id);
  return request;
}

template <typename Request>
Idempotency MutationIdempotency(Request const& request) {
  return request.request_id().empty() ? Idempotency::kNonIdempotent : Idempotency::kIdempotent;
}

}  // namespace mercato::internal
