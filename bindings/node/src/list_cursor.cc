// Page-at-a-time iteration of PaginationRange for JS (see list_cursor.h).
#include "list_cursor.h"

#include <algorithm>
#include <mutex>
#include <utility>

#include "addon_data.h"
#include "js_error.h"
#include "mercato/v1/catalog.pb.h"
#include "proto_js.h"
#include "sdk_call.h"

namespace mercato::node {
namespace {

constexpr std::size_t kServerDefaultPageSize = 50;
constexpr std::size_t kServerMaxPageSize = 200;

template <typename T>
class RangePageCursor final : public PageCursor {
 public:
  RangePageCursor(PaginationRange<T> range, std::size_t page_size)
      : range_(std::move(range)), page_size_(page_size) {}

  StatusOr<Items> NextPage() override {
    std::lock_guard lock(mu_);
    Items items;
    while (items.size() < page_size_) {
      // Advance past the element handed out last only now, when the next one is wanted: advancing
      // past the last element of a page is what makes the range fetch the next page.
      if (!started_) {
        started_ = true;
        it_ = range_.begin();
      } else if (advance_ && it_ != range_.end()) {
        ++it_;
      }
      advance_ = true;
      if (it_ == range_.end()) break;
      if (!it_->ok()) {
        if (items.empty()) return it_->status();
        advance_ = false;  // hand out what came before; the error is the next call's result
        break;
      }
      items.push_back(std::make_unique<T>(it_->value()));
    }
    return items;
  }

 private:
  std::mutex mu_;  // one next() at a time, whatever JS does
  PaginationRange<T> range_;
  typename PaginationRange<T>::iterator it_;
  std::size_t page_size_;
  bool started_ = false;
  bool advance_ = true;
};

Napi::Value ItemsToJs(Napi::Env env, PageCursor::Items const& items) {
  Napi::Array array = Napi::Array::New(env, items.size());
  for (std::size_t i = 0; i < items.size(); ++i) array.Set(static_cast<std::uint32_t>(i), MessageToJs(env, *items[i]));
  return array;
}

}  // namespace

std::size_t ServerPageSize(std::int32_t requested) {
  if (requested <= 0) return kServerDefaultPageSize;  // negative fails on the server anyway
  return std::min(static_cast<std::size_t>(requested), kServerMaxPageSize);
}

template <typename T>
std::shared_ptr<PageCursor> MakePageCursor(PaginationRange<T> range, std::size_t page_size) {
  return std::make_shared<RangePageCursor<T>>(std::move(range), page_size);
}
template std::shared_ptr<PageCursor> MakePageCursor(PaginationRange<v1::Product>, std::size_t);
template std::shared_ptr<PageCursor> MakePageCursor(PaginationRange<v1::Category>, std::size_t);
template std::shared_ptr<PageCursor> MakePageCursor(PaginationRange<v1::StockItem>, std::size_t);
template std::shared_ptr<PageCursor> MakePageCursor(PaginationRange<v1::Movement>, std::size_t);

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
  return SdkCall<PageCursor::Items>::Start(
      info.Env(), "mercato.ListCursor.next",
      [cursor = cursor_, weak_client = client_]() -> StatusOr<PageCursor::Items> {
        std::shared_ptr<Client> client = weak_client.lock();
        if (!client) return ClientClosedStatus();
        return cursor->NextPage();
      },
      &ItemsToJs);
}

}  // namespace mercato::node
