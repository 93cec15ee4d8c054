// AsyncPages<T>: the result of a List call on the asynchronous path, read a page per Next():
//   pages.Next([](StatusOr<std::vector<v1::Product>> page) { ... });
// Each Next() runs one List RPC (with the client's retries) for the page after the last one it
// delivered, and nothing is read ahead.
#pragma once

#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "mercato/completion.h"
#include "mercato/pagination.h"

namespace mercato {

// A cheap handle: copies share one position in the list. Thread-safe.
template <typename T>
class AsyncPages {
 public:
  using Page = typename PaginationRange<T>::Page;
  // Starts the RPC for the page at `page_token` ("" for the first) and completes with it.
  using PageFetcher = std::function<void(std::string const& page_token, Completion<Page> done)>;

  // A list with no items.
  AsyncPages() : AsyncPages(PageFetcher()) {}
  explicit AsyncPages(PageFetcher fetch_page) : state_(std::make_shared<State>()) {
    state_->fetch = std::move(fetch_page);
  }

  // A list whose first page fails with `status` (handy for mocks and defaults).
  static AsyncPages FromError(Status status) {
    return AsyncPages([status = std::move(status)](std::string const&, Completion<Page> done) { done(status); });
  }

  // Completes with the next page's items (see mercato/completion.h for the thread). An empty page
  // the server sent with a next token is skipped (its successor is fetched in the same Next()).
  // Once the last page or an error has been delivered, completes with no items, at once. A Next()
  // called while another is pending waits for it, so each gets its own page, in call order.
  void Next(Completion<std::vector<T>> done) const {
    {
      std::lock_guard lock(state_->mu);
      if (state_->busy) {
        state_->waiting.push_back(std::move(done));
        return;
      }
      state_->busy = true;
    }
    Fetch(state_, std::move(done));
  }

 private:
  struct State {
    PageFetcher fetch;
    // Read and written only by the Next() holding `busy` (handed over under mu).
    std::string page_token;
    bool finished = false;
    int empty_pages = 0;  // in a row, skipped for the current Next()
    std::mutex mu;
    bool busy = false;                                  // guarded by mu
    std::deque<Completion<std::vector<T>>> waiting;     // guarded by mu
  };

  static void Fetch(std::shared_ptr<State> const& state, Completion<std::vector<T>> done) {
    if (state->finished || !state->fetch) {
      Deliver(state, std::move(done), std::vector<T>());
      return;
    }
    state->fetch(state->page_token, [state, done = std::move(done)](StatusOr<Page> page) mutable {
      if (!page) {
        state->finished = true;
        Deliver(state, std::move(done), std::move(page).status());
        return;
      }
      state->page_token = std::move(page->next_page_token);
      state->finished = state->page_token.empty();
      if (page->items.empty() && !state->finished) {
        if (++state->empty_pages == kMaxEmptyPagesInARow) {
          state->finished = true;
          Deliver(state, std::move(done), EndlessListing());
          return;
        }
        Fetch(state, std::move(done));
        return;
      }
      state->empty_pages = 0;
      Deliver(state, std::move(done), std::move(page->items));
    });
  }

  // Hands `result` to `done`, then starts the oldest waiting Next(), if any.
  static void Deliver(std::shared_ptr<State> const& state, Completion<std::vector<T>> done,
                      StatusOr<std::vector<T>> result) {
    Completion<std::vector<T>> next;
    {
      std::lock_guard lock(state->mu);
      if (state->waiting.empty()) {
        state->busy = false;
      } else {
        next = std::move(state->waiting.front());
        state->waiting.pop_front();
      }
    }
    done(std::move(result));
    if (next) Fetch(state, std::move(next));
  }

  std::shared_ptr<State> state_;
};

}  // namespace mercato
