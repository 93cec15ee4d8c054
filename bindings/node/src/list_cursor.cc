// Page-at-a-time iteration of AsyncPages for JS (see list_cursor.h).
#include "list_cursor.h"

#include <utility>

#include "addon_data.h"
#include "js_error.h"
#include "promise_call.h"
#include "proto_js.h"

namespace mercato::node {
namespace {

Napi::Value ItemsToJs(Napi::Env env, PageCursor::Items const& items) {
  Napi::Array array = Napi::Array::New(env, items.size());
  for (std::size_t i = 0; i < items.size(); ++i) array.Set(static_cast<std::uint32_t>(i), MessageToJs(env, *items[i]));
  return array;
}

}  // namespace

Napi::Function ListCursor::DefineClass(Napi::Env env) {
  return ObjectWrap::DefineClass(env, "ListCursor", {InstanceMethod<&ListCursor::Next>("next")});
}

Napi::Object ListCursor::New(Napi::Env env, std::shared_ptr<PageCursor> cursor, std::weak_ptr<Client> client) {
  Napi::Object object = GetAddonData(env).list_cursor.New({});
  ListCursor* self = Unwrap(object);
  self->cursor_ = std::move(cursor);
  self->client_ = std::move(client);
  return object;
}

ListCursor::ListCursor(Napi::CallbackInfo const& info) : ObjectWrap(info) {}

Napi::Value ListCursor::Next(Napi::CallbackInfo const& info) {
  if (!cursor_) throw Napi::TypeError::New(info.Env(), "ListCursor is created by list calls only");
  std::shared_ptr<Client> client = client_.lock();
  if (!client) return RejectedPromise(info.Env(), ClientClosedStatus());
  return StartCall<PageCursor::Items>(
      info.Env(), std::move(client), &ItemsToJs,
      [cursor = cursor_](auto done) { cursor->NextPage(std::move(done)); });
}

}  // namespace mercato::node
