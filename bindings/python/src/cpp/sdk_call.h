// How binding methods call the SDK: arguments converted with the GIL held, the call itself with
// the GIL released (or, for reads the local cache may answer, started with it held), and the
// per-call options built from Python keyword arguments.
#pragma once

#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include <pybind11/pybind11.h>

#include "mercato/completion.h"
#include "mercato/options.h"
#include "mercato/status_or.h"

namespace mercato::python {

// Runs `call` (which must not touch Python objects) with the GIL released.
template <typename Call>
auto WithoutGil(Call&& call) {
  pybind11::gil_scoped_release release;
  return call();
}

// Starts an SDK Async* call with the GIL held, so that an answer the SDK has at hand (a cache hit
// completes before the Async* method returns) costs no GIL release and no thread hop; otherwise
// waits for the completion with the GIL released. `start(done)` must not touch Python objects.
template <typename T, typename Start>
StatusOr<T> HitOrWait(Start&& start) {
  std::mutex mu;
  std::condition_variable answered;
  std::optional<StatusOr<T>> result;
  start(Completion<T>([&](StatusOr<T> answer) {
    std::lock_guard lock(mu);
    result = std::move(answer);
    answered.notify_one();
  }));
  {
    std::lock_guard lock(mu);
    if (result) return *std::move(result);
  }
  pybind11::gil_scoped_release release;
  std::unique_lock lock(mu);
  answered.wait(lock, [&] { return result.has_value(); });
  return *std::move(result);
}

// A mutation's options: the caller's request_id, if any (else the SDK makes one).
inline CallOptions MutationOptions(std::optional<std::string> request_id) {
  CallOptions opts;
  if (request_id) opts.request_id = std::move(*request_id);
  return opts;
}

// A positive number of seconds from Python, as milliseconds; ValueError names the argument.
inline std::chrono::milliseconds Seconds(double seconds, char const* name) {
  if (!std::isfinite(seconds) || seconds <= 0) {
    throw pybind11::value_error(std::string(name) + " must be a positive number of seconds");
  }
  return std::chrono::milliseconds(static_cast<std::int64_t>(std::llround(seconds * 1000.0)));
}

}  // namespace mercato::python
