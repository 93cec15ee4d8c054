// Reads method arguments into plain C++ values on the main thread; a wrong type is a TypeError.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <napi.h>

#include "mercato/options.h"

namespace mercato::node {

std::string StringArg(Napi::CallbackInfo const& info, std::size_t index, char const* name);
std::vector<std::string> StringArrayArg(Napi::CallbackInfo const& info, std::size_t index, char const* name);
std::int64_t Int64Arg(Napi::CallbackInfo const& info, std::size_t index, char const* name);
// An object argument; an empty object when `optional` and the argument is undefined or null.
Napi::Object ObjectArg(Napi::CallbackInfo const& info, std::size_t index, char const* name, bool optional = false);

// {timeoutMs, requestId, bypassCache}, each optional; undefined means no overrides.
CallOptions CallOptionsArg(Napi::CallbackInfo const& info, std::size_t index);
// {endpoint, token, timeoutMs, cache, cacheTtlMs, retries}, each optional.
Options ClientOptionsArg(Napi::CallbackInfo const& info, std::size_t index);

}  // namespace mercato::node
