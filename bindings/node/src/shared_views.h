// SharedViews: the frozen JS objects the cached reads hand out. The SDK answers a cache hit with
// the cached value itself (Shared<T>, immutable); its JS form is built once, deeply frozen, and
// handed out again for as long as the same value comes back, so that a hit costs no conversion.
#pragma once

#include <cstddef>
#include <memory>
#include <unordered_map>

#include <google/protobuf/message.h>
#include <napi.h>

#include "mercato/cache.h"

namespace mercato::node {

// `message` as a plain JS object (proto_js.h's MessageToJs), deeply frozen.
Napi::Object FrozenMessageToJs(Napi::Env env, google::protobuf::Message const& message);

class SharedViews {
 public:
  // The frozen JS object for `value`. JS thread only.
  Napi::Value Get(Napi::Env env, std::shared_ptr<google::protobuf::Message const> const& value);

 private:
  // The views are dropped all at once when this many are held: a newer version of a value is a
  // new pointer, and the old one's view is garbage until then. Matches the SDK cache's default size.
  static constexpr std::size_t kMaxViews = 10000;

  struct View {
    // Held so that the address, the map's key, cannot be reused by another value meanwhile.
    std::shared_ptr<google::protobuf::Message const> value;
    Napi::ObjectReference object;
  };
  std::unordered_map<google::protobuf::Message const*, View> views_;
};

}  // namespace mercato::node
