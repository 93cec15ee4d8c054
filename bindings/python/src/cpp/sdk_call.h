// How binding methods call the SDK: arguments converted with the GIL held, the call itself with
// the GIL released, and the per-call options built from Python keyword arguments.
#pragma once

#include <chrono>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include <pybind11/pybind11.h>

#include "mercato/options.h"

namespace mercato::python {

// Runs `call` (which must not touch Python objects) with the GIL released.
template <typename Call>
auto WithoutGil(Call&& call) {
  pybind11::gil_scoped_release release;
  return call();
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
