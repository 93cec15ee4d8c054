// ListCursor: the native side of a JS listing. It walks the SDK's AsyncPages one page per next()
// call, so that a page is fetched only when JS asks for it, and no thread waits for it.
#pragma once

#include <memory>
#include <utility>
#include <vector>

#include <google/protobuf/message.h>
#include <napi.h>

#include "mercato/async_pages.h"
#include "mercato/client.h"

namespace mercato::node {

// The pages of a list, of any item type. Each NextPage() is exactly one List RPC (the server's
// page) and never reads ahead; it completes with no items at the end.
class PageCursor {
 public:
  using Items = std::vector<std::unique_ptr<google::protobuf::Message>>;
  virtual ~PageCursor() = default;
  virtual void NextPage(Completion<Items> done) = 0;
};

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

template <typename T>
std::shared_ptr<PageCursor> MakePageCursor(AsyncPages<T> pages) {
  return std::make_shared<AsyncPagesCursor<T>>(std::move(pages));
}

class ListCursor final : public Napi::ObjectWrap<ListCursor> {
 public:
  static Napi::Function DefineClass(Napi::Env env);
  // A JS ListCursor over `cursor`; `client` only while alive: after close(), next() rejects.
  static Napi::Object New(Napi::Env env, std::shared_ptr<PageCursor> cursor, std::weak_ptr<Client> client);

  explicit ListCursor(Napi::CallbackInfo const& info);

 private:
  // Promise<object[]>: the next page as plain objects; [] when the list is done.
  Napi::Value Next(Napi::CallbackInfo const& info);

  std::shared_ptr<PageCursor> cursor_;
  std::weak_ptr<Client> client_;
};

}  // namespace mercato::node
