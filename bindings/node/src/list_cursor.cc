// Page-at-a-time iteration of AsyncPages for JS (see list_cursor.h).
#include "list_cursor.h"

#include <utility>

#include "addon_data.h"
#include "js_error.h"
#include "mercato/v1/catalog.pb.h"
#include "mercato/v1/inventory.pb.h"
#include "promise_call.h"
#include "proto_js.h"

namespace mercato::node {
namespace {

template <typename T>
class AsyncPagesCursor final : public PageCursor {
 public:
  explicit AsyncPagesCursor(AsyncPages<T> pages) : pages_(std::move(pages)) {}

  void NextPage(Completion<Items> done) override {
    pages_.Next([done = std::move(done)](StatusOr<std::vector<T>> page) {
      if (!page) return done(std::move(page).status());
      Items items;
      items.reserve(page->size());
      for (auto& item : *page) items.push_back(std::make_unique<T>(std::move(item)));
      done(std::move(items));
    });
  }

 private:
  AsyncPages<T> pages_;
};

Napi::Value ItemsToJs(Napi::Env env, PageCursor::Items const& items) {
  Napi::Array array = Napi::Array::New(env, items.size());
  for (std::size_t i = 0; i < items.size(); ++i) array.Set(static_cast<std::uint32_t>(i), MessageToJs(env, *items[i]));
  return array;
}

}  // namespace

template <typename T>
std::shared_ptr<PageCursor> MakePageCursor(AsyncPages<T> pages) {
  return std::make_shared<AsyncPagesCursor<T>>(std::move(pages));
}
template std::shared_ptr<PageCursor> MakePageCursor(AsyncPages<v1::Product>);
template std::shared_ptr<PageCursor> MakePageCursor(AsyncPages<v1::Category>);
template std::shared_ptr<PageCursor> MakePageCursor(AsyncPages<v1::StockItem>);
template std::shared_ptr<PageCursor> MakePageCursor(AsyncPages<v1::Movement>);

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
      info.Env(), "mercato.ListCursor.next", std::move(client), &ItemsToJs,
      [cursor = cursor_](auto done) { cursor->NextPage(std::move(done)); });
}

}  // namespace mercato::node
