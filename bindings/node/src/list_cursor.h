// ListCursor: the native side of a JS listing. It walks a PaginationRange one page per next()
// call, each call a promise worker, so that a page is fetched only when JS asks for it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include <google/protobuf/message.h>
#include <napi.h>

#include "mercato/client.h"
#include "mercato/pagination.h"

namespace mercato::node {

// The items of a range, taken a page at a time. PaginationRange hides page boundaries, so a page
// here is `page_size` items: with the server honouring page_size (common.proto: 0 means 50,
// more than 200 is clamped to 200) each next() is exactly one ListX RPC and never reads ahead.
class PageCursor {
 public:
  using Items = std::vector<std::unique_ptr<google::protobuf::Message>>;
  virtual ~PageCursor() = default;
  // The next page's items; empty at the end. A failed page is its error, after the items before it.
  virtual StatusOr<Items> NextPage() = 0;
};

// The page size the server uses for a requested page_size (see PageCursor).
std::size_t ServerPageSize(std::int32_t requested);

template <typename T>
std::shared_ptr<PageCursor> MakePageCursor(PaginationRange<T> range, std::size_t page_size);

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
