// Argument readers for the native methods (see js_args.h).
#include "js_args.h"

#include <chrono>
#include <cmath>
#include <string>

#include "proto_js.h"

namespace mercato::node {
namespace {

[[noreturn]] void Fail(Napi::Env env, std::string const& what) { throw Napi::TypeError::New(env, what); }

bool Absent(Napi::Value value) { return value.IsUndefined() || value.IsNull(); }

std::string StringOption(Napi::Value value, std::string const& name) {
  if (!value.IsString()) Fail(value.Env(), name + ": expected a string");
  return JsToText(value, name);
}

bool BoolOption(Napi::Value value, std::string const& name) {
  if (!value.IsBoolean()) Fail(value.Env(), name + ": expected a boolean");
  return value.As<Napi::Boolean>().Value();
}

std::chrono::milliseconds MillisecondsOption(Napi::Value value, std::string const& name) {
  std::int64_t const ms = JsToInt64(value, name);
  if (ms <= 0) Fail(value.Env(), name + ": expected a positive number of milliseconds");
  return std::chrono::milliseconds(ms);
}

// Calls set(key, value) for each key of an options object whose value is not undefined.
template <typename Set>
void ForEachOption(Napi::Value options, std::string const& what, Set set) {
  if (Absent(options)) return;
  if (!options.IsObject() || options.IsArray()) Fail(options.Env(), what + ": expected an object");
  Napi::Object object = options.As<Napi::Object>();
  Napi::Array keys = object.GetPropertyNames();
  for (std::uint32_t i = 0; i < keys.Length(); ++i) {
    std::string const key = keys.Get(i).ToString().Utf8Value();
    Napi::Value value = object.Get(key);
    if (value.IsUndefined()) continue;
    if (!set(key, value)) Fail(options.Env(), what + ": unknown option '" + key + "'");
  }
}

}  // namespace

std::string StringArg(Napi::CallbackInfo const& info, std::size_t index, char const* name) {
  if (!info[index].IsString()) Fail(info.Env(), std::string(name) + ": expected a string");
  return JsToText(info[index], name);
}

std::vector<std::string> StringArrayArg(Napi::CallbackInfo const& info, std::size_t index, char const* name) {
  if (!info[index].IsArray()) Fail(info.Env(), std::string(name) + ": expected an array of strings");
  Napi::Array array = info[index].As<Napi::Array>();
  // Grown one checked element at a time: a sparse array's length (up to 2^32-1) allocates nothing.
  std::vector<std::string> strings;
  for (std::uint32_t i = 0; i < array.Length(); ++i) {
    Napi::Value item = array.Get(i);
    if (!item.IsString()) Fail(info.Env(), std::string(name) + "[" + std::to_string(i) + "]: expected a string");
    strings.push_back(JsToText(item, std::string(name) + "[" + std::to_string(i) + "]"));
  }
  return strings;
}

std::int64_t Int64Arg(Napi::CallbackInfo const& info, std::size_t index, char const* name) {
  return JsToInt64(info[index], name);
}

std::optional<std::int64_t> OptionalInt64Arg(Napi::CallbackInfo const& info, std::size_t index, char const* name) {
  if (Absent(info[index])) return std::nullopt;
  return JsToInt64(info[index], name);
}

std::optional<std::chrono::milliseconds> MillisecondsArg(Napi::CallbackInfo const& info, std::size_t index,
                                                         char const* name, bool optional) {
  if (optional && Absent(info[index])) return std::nullopt;
  return MillisecondsOption(info[index], name);
}

Napi::Object ObjectArg(Napi::CallbackInfo const& info, std::size_t index, char const* name, bool optional) {
  Napi::Value value = info[index];
  if (optional && Absent(value)) return Napi::Object::New(info.Env());
  if (!IsFieldObject(value)) Fail(info.Env(), std::string(name) + ": expected a plain object");
  return value.As<Napi::Object>();
}

CallOptions CallOptionsArg(Napi::CallbackInfo const& info, std::size_t index) {
  CallOptions opts;
  ForEachOption(info[index], "call options", [&](std::string const& key, Napi::Value value) {
    if (key == "timeoutMs") {
      opts.deadline = MillisecondsOption(value, key);
    } else if (key == "requestId") {
      opts.request_id = StringOption(value, key);
    } else if (key == "bypassCache") {
      opts.bypass_cache = BoolOption(value, key);
    } else {
      return false;
    }
    return true;
  });
  return opts;
}

Options ClientOptionsArg(Napi::CallbackInfo const& info, std::size_t index) {
  Options options;
  ForEachOption(info[index], "Client options", [&](std::string const& key, Napi::Value value) {
    if (key == "endpoint") {
      options.endpoint = StringOption(value, key);
    } else if (key == "token") {
      options.bearer_token = StringOption(value, key);
      if (!IsHeaderSafeToken(options.bearer_token)) {
        throw Napi::TypeError::New(value.Env(), "token holds a character an HTTP header cannot carry (a space, a "
                                                "newline, a non-ASCII character); pass the token without it");
      }
    } else if (key == "timeoutMs") {
      options.default_deadline = MillisecondsOption(value, key);
    } else if (key == "cache") {
      options.cache.enabled = BoolOption(value, key);
    } else if (key == "cacheTtlMs") {
      options.cache.ttl = MillisecondsOption(value, key);
    } else if (key == "retries") {
      std::int64_t const retries = JsToInt64(value, key);
      if (retries < 0 || retries > 100) Fail(value.Env(), "retries: expected 0..100");
      options.retry.max_attempts = static_cast<int>(retries) + 1;
    } else {
      return false;
    }
    return true;
  });
  return options;
}

}  // namespace mercato::node
