// The settings one call runs with: the client's Options with the call's CallOptions applied,
// snapshotted once before the first attempt, and how each attempt's ClientContext is set up.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include <grpcpp/client_context.h>

#include "mercato/options.h"
#include "mercato/status.h"
#include "sdk/src/session_token.h"

namespace mercato::internal {

struct CallSettings {
  RetryPolicy retry;
  std::chrono::milliseconds deadline;
  std::string bearer_token;
  Sleeper sleeper;          // never empty
  RetryTimer retry_timer;  // never empty
};

// `sleeper`, or std::this_thread::sleep_for when it is empty.
Sleeper SleeperOrDefault(Sleeper sleeper);

CallSettings ResolveCallSettings(Options const& options, CallOptions const& opts);
// The same, with the bearer token read now from the client's shared `token`.
CallSettings ResolveCallSettings(Options const& options, CallOptions const& opts, SessionToken const& token);

// Credentials for every call, and the per-attempt deadline when `deadline` is set. A token that
// an HTTP header cannot carry (see IsHeaderSafeToken) is INVALID_ARGUMENT and nothing is set: gRPC
// would abort the process on it.
Status PrepareContext(grpc::ClientContext& context, std::string const& bearer_token,
                      std::optional<std::chrono::milliseconds> deadline);

}  // namespace mercato::internal
