// Message-at-a-time reading of an AsyncStream for JS (see stream_cursor.h).
#include "stream_cursor.h"

#include "addon_data.h"
#include "js_error.h"
#include "promise_call.h"
#include "proto_js.h"

namespace mercato::node {
namespace {

Napi::Value MessageOrNullToJs(Napi::Env env, MessageSource::Message const& message) {
  if (!message) return env.Null();
  return MessageToJs(env, *message);
}

}  // namespace

Napi::Function StreamCursor::DefineClass(Napi::Env env) {
  return ObjectWrap::DefineClass(
      env, "StreamCursor",
      {InstanceMethod<&StreamCursor::Next>("next"), InstanceMethod<&StreamCursor::Close>("close")});
}

Napi::Object StreamCursor::New(Napi::Env env, std::shared_ptr<MessageSource> source, std::weak_ptr<Client> client) {
  Napi::Object object = GetAddonData(env).stream_cursor.New({});
  StreamCursor* self = Unwrap(object);
  self->source_ = std::move(source);
  self->client_ = std::move(client);
  return object;
}

StreamCursor::StreamCursor(Napi::CallbackInfo const& info) : ObjectWrap(info) {}

Napi::Value StreamCursor::Next(Napi::CallbackInfo const& info) {
  std::shared_ptr<Client> client = client_.lock();
  if (!client) {
    source_.reset();
    return RejectedPromise(info.Env(), ClientClosedStatus());
  }
  if (!source_) {
    auto deferred = Napi::Promise::Deferred::New(info.Env());
    deferred.Resolve(info.Env().Null());
    return deferred.Promise();
  }
  return StartCall<MessageSource::Message>(
      info.Env(), std::move(client), &MessageOrNullToJs,
      [source = source_](auto done) { source->Next(std::move(done)); });
}

Napi::Value StreamCursor::Close(Napi::CallbackInfo const& info) {
  source_.reset();
  return info.Env().Undefined();
}

}  // namespace mercato::node
