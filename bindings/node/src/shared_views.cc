// Builds a cached value's JS form once (proto_js.h's MessageToJs) and freezes it deeply, so that
// no caller can change what the next caller reads.
#include "shared_views.h"

#include <utility>

#include "proto_js.h"

namespace mercato::node {
namespace {

void DeepFreeze(Napi::Object object) {
  Napi::Array keys = object.GetPropertyNames();
  for (std::uint32_t i = 0; i < keys.Length(); ++i) {
    Napi::Value value = object.Get(keys.Get(i));
    // Typed arrays (bytes fields) cannot be frozen; nothing else here is one.
    if (value.IsObject() && !value.IsTypedArray() && !value.IsBuffer()) DeepFreeze(value.As<Napi::Object>());
  }
  object.Freeze();
}

}  // namespace

Napi::Object FrozenMessageToJs(Napi::Env env, google::protobuf::Message const& message) {
  Napi::Object object = MessageToJs(env, message);
  DeepFreeze(object);
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
