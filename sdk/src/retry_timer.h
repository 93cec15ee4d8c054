// The default RetryTimer (mercato/options.h): a grpc::Alarm, so that the wait between two attempts
// of an asynchronous call holds no thread.
#pragma once

#include "mercato/options.h"

namespace mercato::internal {

// `timer`, or one that runs each retry on gRPC's timer thread after a grpc::Alarm when empty.
RetryTimer RetryTimerOrDefault(RetryTimer timer);

}  // namespace mercato::internal
