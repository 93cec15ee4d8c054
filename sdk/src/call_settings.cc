// Options + CallOptions -> CallSettings; ClientContext set-up.
#include "sdk/src/call_settings.h"

#include <thread>

#include "sdk/src/retry_timer.h"

namespace mercato::internal {

Sleeper SleeperOrDefault(Sleeper sleeper) {
  if (sleeper) return sleeper;
  return [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); };
}

CallSettings ResolveCallSettings(Options const& options, CallOptions const& opts) {
  return CallSettings{opts.retry.value_or(options.retry), opts.deadline.value_or(options.default_deadline),
                      options.bearer_token, SleeperOrDefault(options.sleeper),
                      RetryTimerOrDefault(options.retry_timer)};
}

CallSettings ResolveCallSettings(Options const& options, CallOptions const& opts, SessionToken const& token) {
  auto settings = ResolveCallSettings(options, opts);
  settings.bearer_token = token.Get();
  return settings;
}

void PrepareContext(grpc::ClientContext& context, std::string const& bearer_token,
                    std::optional<std::chrono::milliseconds> deadline) {
  if (!bearer_token.empty()) context.AddMetadata("authorization", "Bearer " + bearer_token);
  if (deadline) context.set_deadline(std::chrono::system_clock::now() + *deadline);
}

}  // namespace mercato::internal
