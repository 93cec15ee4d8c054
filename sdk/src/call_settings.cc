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

Status PrepareContext(grpc::ClientContext& context, std::string const& bearer_token,
                      std::optional<std::chrono::milliseconds> deadline) {
  if (!IsHeaderSafeToken(bearer_token)) {
    return Status(StatusCode::kInvalidArgument,
                  "the bearer token holds a character an HTTP header cannot carry (a space, a control character "
                  "such as the newline that ends a token file, or a non-ASCII one); pass the token without it");
  }
  if (!bearer_token.empty()) context.AddMetadata("authorization", "Bearer " + bearer_token);
  if (deadline) context.set_deadline(std::chrono::system_clock::now() + *deadline);
  return Status();
}

}  // namespace mercato::internal
