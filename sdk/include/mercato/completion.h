// The callbacks through which the asynchronous calls (each client's and connection's Async*
// methods) deliver their result, instead of blocking the calling thread until it is known.
#pragma once

#include <functional>

#include "mercato/status.h"
#include "mercato/status_or.h"

namespace mercato {

// Runs exactly once, with the value or the error the blocking twin of the call would return.
// Where it runs: on the thread that called the Async* method, before that method returns, when
// the answer needs no round trip (a cache hit, a list already read to its end, an UNIMPLEMENTED
// default, a call gRPC fails at once); otherwise on a thread owned by gRPC (a callback thread, or
// the timer thread that ends a retry's backoff). It must not block: a blocked gRPC thread delays
// other calls' completions. It may start further asynchronous calls.
template <typename T>
using Completion = std::function<void(StatusOr<T>)>;

// The same, for calls with no result (their blocking twin returns a Status).
using StatusCompletion = std::function<void(Status)>;

}  // namespace mercato
