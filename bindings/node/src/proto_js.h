// Converts protobuf messages to plain JS objects and back, by reflection, so that every message of
// the contract maps the same way: camelCase keys (json_name), enums as their short name ('ACTIVE'
// for PRODUCT_STATUS_ACTIVE), 64-bit integers as Numbers (a value beyond 2^53 is a RangeError,
// never rounded), Timestamps as Dates, maps as objects, unset message fields as null.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <google/protobuf/message.h>
#include <napi.h>

#include "addon_data.h"
#include "mercato/cache.h"

namespace mercato::node {

Napi::Object MessageToJs(Napi::Env env, google::protobuf::Message const& message);

// MessageToJs as a promise_call.h ResultToJs<Message>, for any generated message type.
template <typename Message>
Napi::Value MessageResultToJs(Napi::Env env, Message const& message) {
  return MessageToJs(env, message);
}

// A cache hit's Shared<Message>: its frozen view, built once per value (shared_views.h).
template <typename Message>
Napi::Value SharedResultToJs(Napi::Env env, Shared<Message> const& message) {
  return GetAddonData(env).shared_views.Get(env, message);
}

// A cached read's answer from the server, as a promise_call.h ResultToJs: frozen like a hit's,
// not kept (the next hit on it builds its view).
template <typename Message>
Napi::Value FrozenResultToJs(Napi::Env env, Shared<Message> const& message) {
  return FrozenMessageToJs(env, *message);
}

// The same answer of a client without a cache, where nothing is shared: a plain object.
template <typename Message>
Napi::Value PlainResultToJs(Napi::Env env, Shared<Message> const& message) {
  return MessageToJs(env, *message);
}

// A JS string as UTF-8. Throws a TypeError naming `path` for a string that is not well-formed
// UTF-16 (a lone surrogate), which Node would otherwise turn into U+FFFD without a word.
std::string JsToText(Napi::Value value, std::string const& path);

// Whether `value` can be read as a message: an object that is not an array, Date, typed array,
// ArrayBuffer, Map or Set (read as fields, those would be sent empty or mangled).
bool IsFieldObject(Napi::Value value);

// Fills `message` from a plain object; unknown keys and values of the wrong type are TypeErrors.
// Keys whose value is undefined or null are skipped.
void JsToMessage(Napi::Object const& object, google::protobuf::Message* message);

// The proto field names of the keys present in `object` (value not undefined), in key order: the
// update mask of a partial update. Unknown keys are TypeErrors.
std::vector<std::string> FieldPaths(Napi::Object const& object, google::protobuf::Descriptor const& descriptor);

// A Number that is a safe integer, or a BigInt within 64 bits; else a TypeError naming `path`.
std::int64_t JsToInt64(Napi::Value value, std::string const& path);

}  // namespace mercato::node
