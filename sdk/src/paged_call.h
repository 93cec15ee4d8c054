// Turns a List RPC into a PaginationRange (blocking) or AsyncPages (asynchronous): each page is
// one run of the retry loop, fetched when the caller needs it, with the request's page_token
// taken from the previous response.
#pragma once

#include <memory>
#include <string>
#include <utility>

#include "mercato/async_pages.h"
#include "mercato/pagination.h"
#include "sdk/src/async_retry_loop.h"
#include "sdk/src/retry_loop.h"

namespace mercato::internal {

// The page a List response carries; `items` moves its elements out, e.g. a lambda returning
// response.mutable_products().
template <typename Item, typename Response, typename Items>
typename PaginationRange<Item>::Page ToPage(Response& response, Items const& items) {
  typename PaginationRange<Item>::Page page;
  auto* field = items(response);
  page.items.reserve(static_cast<std::size_t>(field->size()));
  for (auto& item : *field) page.items.push_back(std::move(item));
  page.next_page_token = response.next_page_token();
  return page;
}

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
        Page page = ToPage<Item>(*response, items);
        request.set_page_token(page.next_page_token);
        return page;
      });
}

template <typename Item, typename Stub, typename Request, typename Response, typename Items>
AsyncPages<Item> AsyncPagedCall(std::shared_ptr<Stub> stub, AsyncMethod<Stub, Request, Response> method,
                                Request request, CallSettings settings, Items items) {
  using Page = typename AsyncPages<Item>::Page;
  return AsyncPages<Item>([stub = std::move(stub), method, request = std::move(request),
                           settings = std::move(settings),
                           items = std::move(items)](std::string const& page_token, Completion<Page> done) {
    Request page_request = request;
    page_request.set_page_token(page_token);
    AsyncRetryLoop(stub, method, std::move(page_request), settings, Idempotency::kIdempotent,
                   Completion<Response>([items, done = std::move(done)](StatusOr<Response> response) {
                     if (!response) return done(std::move(response).status());
                     done(ToPage<Item>(*response, items));
                   }));
  });
}

}  // namespace mercato::internal
