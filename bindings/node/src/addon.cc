// Entry point of mercato_native.node: exports the ClientHandle class, and setErrorClass() and
// setFreezeDate(), through which lib/index.js hands over the MercatoError class the native code
// rejects with and the function that freezes the dates of frozen results.
#include <napi.h>

#include "addon_data.h"
#include "client_handle.h"
#include "list_cursor.h"
#include "stream_cursor.h"

namespace mercato::node {
namespace {

Napi::Value SetErrorClass(Napi::CallbackInfo const& info) {
  if (!info[0].IsFunction()) throw Napi::TypeError::New(info.Env(), "setErrorClass: expected a class");
  GetAddonData(info.Env()).mercato_error = Napi::Persistent(info[0].As<Napi::Function>());
  return info.Env().Undefined();
}

Napi::Value SetFreezeDate(Napi::CallbackInfo const& info) {
  if (!info[0].IsFunction()) throw Napi::TypeError::New(info.Env(), "setFreezeDate: expected a function");
  GetAddonData(info.Env()).freeze_date = Napi::Persistent(info[0].As<Napi::Function>());
  return info.Env().Undefined();
}

}  // namespace

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  auto* data = new AddonData();
  env.SetInstanceData(data);
  data->completions.emplace(env);
  data->list_cursor = Napi::Persistent(ListCursor::DefineClass(env));
  data->stream_cursor = Napi::Persistent(StreamCursor::DefineClass(env));
  exports.Set("ClientHandle", ClientHandle::DefineClass(env));
  exports.Set("setErrorClass", Napi::Function::New<SetErrorClass>(env, "setErrorClass"));
  exports.Set("setFreezeDate", Napi::Function::New<SetFreezeDate>(env, "setFreezeDate"));
  return exports;
}

}  // namespace mercato::node

namespace {
Napi::Object InitMercatoNative(Napi::Env env, Napi::Object exports) { return mercato::node::Init(env, exports); }
}  // namespace

NODE_API_MODULE(mercato_native, InitMercatoNative)
