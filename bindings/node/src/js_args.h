// Reads method arguments into plain C++ values on the main thread; a wrong type is a TypeError.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <napi.h>

#include "mercato/options.h"

namespace mercato::node {

std::string StringArg(Napi::CallbackInfo const& info, std::size_t index, char const* name);
std::vector<std::string> StringArrayArg(Napi::CallbackInfo const& info, std::size_t index, char const* name);
std::int64_t Int64Arg(Napi::CallbackInfo const& info, std::size_t index, char const* name);
// nullopt when the argument is undefined or null.
std::optional<std::int64_t> OptionalInt64Arg(Napi::CallbackInfo const& info, std::size_t index, char const* name);
// A positive number of milliseconds; nullopt when undefined or null and `optional`.
std::optional<std::chrono::milliseconds> MillisecondsArg(Napi::CallbackInfo const& info, std::size_t index,
                                                         char const* name, bool optional = false);
// An object argument; an empty object when `optional` and the argument is undefined or null.
Napi::Object ObjectArg(Napi::CallbackInfo const& info, std::size_t index, char const* name, bool optional = false);

// {timeoutMs, requestId, bypassCache}, each optional; undefined means no overrides.
CallOptions CallOptionsArg(Napi::CallbackInfo const& info, std::size_t index);
// {endpoint, token, timeoutMs, cache, cacheTtlMs, retries}, each optional.
Options ClientOptionsArg(Napi::CallbackInfo const& info, std::size_t index);

}  // namespace mercato::node
