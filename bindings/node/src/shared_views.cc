// Builds a cached value's JS form once (proto_js.h's MessageToJs) and freezes it deeply, so that
// no caller can change what the next caller reads.
#include "shared_views.h"

#include <utility>

#include "addon_data.h"
#include "proto_js.h"

namespace mercato::node {
namespace {

void DeepFreeze(Napi::Env env, Napi::Object object) {
  Napi::FunctionReference const& freeze_date = GetAddonData(env).freeze_date;
  Napi::Array keys = object.GetPropertyNames();
  for (std::uint32_t i = 0; i < keys.Length(); ++i) {
    Napi::Value key = keys.Get(i);
    Napi::Value value = object.Get(key);
    if (value.IsDate() && !freeze_date.IsEmpty()) {
      freeze_date.Call({value});  // Object.freeze leaves a Date's setters working
    } else if (value.IsObject() && !value.IsTypedArray() && !value.IsBuffer()) {
      // Typed arrays (bytes fields) cannot be frozen; nothing else here is one.
      DeepFreeze(env, value.As<Napi::Object>());
    }
  }
  object.Freeze();
}

}  // namespace

Napi::Object FrozenMessageToJs(Napi::Env env, google::protobuf::Message const& message) {
  Napi::Object object = MessageToJs(env, message);
  DeepFreeze(env, object);
  return object;
}

Napi::Value SharedViews::Get(Napi::Env env, std::shared_ptr<google::protobuf::Message const> const& value) {
  auto it = views_.find(value.get());
  if (it != views_.end()) return it->second.object.Value();
  if (views_.size() >= kMaxViews) views_.clear();
  Napi::Object object = FrozenMessageToJs(env, *value);
  views_.emplace(value.get(), View{value, Napi::Persistent(object)});
  return object;
}

}  // namespace mercato::node
