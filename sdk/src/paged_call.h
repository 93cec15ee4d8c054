// Turns a List RPC into a PaginationRange: each page is one run of the retry loop, fetched when
// the range needs it, with the request's page_token advanced from the previous response.
#pragma once

#include <memory>
#include <string>
#include <utility>

#include "mercato/pagination.h"
#include "sdk/src/retry_loop.h"

namespace mercato::internal {

// `items` moves the page's elements out of a response, e.g. a lambda returning
// response.mutable_products().
template <typename Item, typename Stub, typename Request, typename Response, typename Items>
PaginationRange<Item> PagedCall(std::shared_ptr<Stub> stub,
                                grpc::Status (Stub::*method)(grpc::ClientContext*, Request const&, Response*),
                                Request request, CallSettings settings, Items items) {
  using Page = typename PaginationRange<Item>::Page;
  return PaginationRange<Item>(
      [stub = std::move(stub), method, request = std::move(request), settings = std::move(settings),
       items = std::move(items)]() mutable -> StatusOr<Page> {
        auto response = RetryLoop(*stub, method, request, settings, Idempotency::kIdempotent);
        if (!response) return std::move(response).status();
        Page page;
        auto* field = items(*response);
        page.items.reserve(static_cast<std::size_t>(field->size()));
        for (auto& item : *field) page.items.push_back(std::move(item));
        page.next_page_token = response->next_page_token();
        request.set_page_token(page.next_page_token);
        return page;
      });
}

}  // namespace mercato::internal
