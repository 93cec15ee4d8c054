// The blocking retry loop every unary RPC of every service runs (the policy is retry_policy.h's):
// a fresh ClientContext and deadline per attempt, waits between attempts by CallSettings::sleeper.
#pragma once

#include <grpcpp/client_context.h>
#include <grpcpp/support/status.h>

#include "mercato/status_or.h"
#include "sdk/src/call_settings.h"
#include "sdk/src/grpc_status.h"
#include "sdk/src/retry_policy.h"

namespace mercato::internal {

// Calls `method` (a blocking stub method, e.g. &CatalogService::StubInterface::GetProduct) on
// `stub` until it succeeds, fails for good, or runs out of attempts.
template <typename Stub, typename Request, typename Response>
StatusOr<Response> RetryLoop(Stub& stub, grpc::Status (Stub::*method)(grpc::ClientContext*, Request const&, Response*),
                             Request const& request, CallSettings const& settings, Idempotency idempotency) {
  RetryPacer pacer(settings.retry);
  for (;;) {
    grpc::ClientContext context;
    if (Status prepared = PrepareContext(context, settings.bearer_token, settings.deadline); !prepared.ok()) {
      return prepared;
    }
    Response response;
    grpc::Status const result = (stub.*method)(&context, request, &response);
    if (result.ok()) return response;
    Status status = FromGrpcStatus(result, context);
    auto const delay = TransientRetryDelay(pacer, status, idempotency);
    if (!delay) return status;
    settings.sleeper(*delay);
  }
}

}  // namespace mercato::internal
