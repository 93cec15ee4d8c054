// RetryTimer over grpc::Alarm's callback form.
#include "sdk/src/retry_timer.h"

#include <memory>
#include <utility>

#include <grpcpp/alarm.h>

namespace mercato::internal {
namespace {

void AfterAlarm(std::chrono::milliseconds delay, std::function<void()> retry) {
  auto alarm = std::make_shared<grpc::Alarm>();
  // The callback owns the alarm until it fires (gRPC keeps the callback object afterwards, so it
  // moves its captures out to release them). It runs the retry whether the alarm fired or was
  // cancelled at shutdown: the attempt then fails on its own, and the caller still hears of it.
  alarm->Set(std::chrono::system_clock::now() + delay,
             [alarm, retry = std::move(retry)](bool) mutable {
               auto const fired = std::move(alarm);
               auto const run = std::move(retry);
               run();
             });
}

}  // namespace

RetryTimer RetryTimerOrDefault(RetryTimer timer) {
  if (timer) return timer;
  return &AfterAlarm;
}

}  // namespace mercato::internal
