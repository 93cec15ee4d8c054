// PaginationRange<T>: the result of a List call, an input range of StatusOr<T> that fetches the
// next page only when the previous one is drained:
//   for (StatusOr<v1::Product> const& p : client.ListProducts(request)) { if (!p) ...; }
// A page that fails yields one element holding the error, and the range ends there.
#pragma once

#include <cstddef>
#include <functional>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "mercato/status_or.h"

namespace mercato {

// A server that keeps answering empty pages that promise more (a bug, or a hostile server) ends
// the listing with an error after this many, instead of looping for ever.
inline constexpr int kMaxEmptyPagesInARow = 100;
inline Status EndlessListing() {
  return Status(StatusCode::kInternal, "the server answered " + std::to_string(kMaxEmptyPagesInARow) +
                                           " empty pages in a row, each promising more; the listing was ended");
}

template <typename T>
class PaginationRange {
 public:
  struct Page {
    std::vector<T> items;
    // Empty on the last page.
    std::string next_page_token;
  };
  // Returns the next page each time it is called (it keeps the page token itself).
  using PageFetcher = std::function<StatusOr<Page>()>;

  // An empty range.
  PaginationRange() = default;
  explicit PaginationRange(PageFetcher fetch_next_page) : fetch_(std::move(fetch_next_page)) {}

  // A range of the given items, then nothing (handy for mocks).
  static PaginationRange FromItems(std::vector<T> items) {
    return PaginationRange([items = std::move(items)]() mutable -> StatusOr<Page> {
      return Page{std::move(items), {}};
    });
  }
  // A range holding one error element (handy for mocks).
  static PaginationRange FromError(Status status) {
    return PaginationRange([status = std::move(status)]() -> StatusOr<Page> { return status; });
  }

  // Iterators point into the range: moving the range invalidates them.
  PaginationRange(PaginationRange&&) noexcept = default;
  PaginationRange& operator=(PaginationRange&&) noexcept = default;
  PaginationRange(PaginationRange const&) = delete;
  PaginationRange& operator=(PaginationRange const&) = delete;

  class iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = StatusOr<T>;
    using difference_type = std::ptrdiff_t;
    using reference = value_type const&;
    using pointer = value_type const*;

    iterator() = default;
    reference operator*() const { return range_->current_; }
    pointer operator->() const { return &range_->current_; }
    iterator& operator++() {
      range_->Advance();
      if (range_->done_) range_ = nullptr;
      return *this;
    }
    void operator++(int) { ++*this; }
    friend bool operator==(iterator const& a, iterator const& b) { return a.range_ == b.range_; }

   private:
    friend class PaginationRange;
    explicit iterator(PaginationRange* range) : range_(range) {}
    PaginationRange* range_ = nullptr;
  };

  // Fetches the first page on the first call.
  iterator begin() {
    if (!started_) {
      started_ = true;
      Advance();
    }
    return done_ ? end() : iterator(this);
  }
  iterator end() { return iterator(); }

 private:
  // Moves to the next element, fetching pages (skipping empty ones) only when the current page is
  // used up.
  void Advance() {
    if (failed_ || done_ || !fetch_) {
      done_ = true;
      return;
    }
    int empty_pages = 0;
    while (next_item_ == items_.size()) {
      if (last_page_) {
        done_ = true;
        return;
      }
      if (empty_pages++ == kMaxEmptyPagesInARow) {
        current_ = EndlessListing();
        failed_ = true;
        return;
      }
      StatusOr<Page> page = fetch_();
      if (!page) {
        current_ = std::move(page).status();
        failed_ = true;
        return;
      }
      items_ = std::move(page->items);
      next_item_ = 0;
      last_page_ = page->next_page_token.empty();
    }
    current_ = std::move(items_[next_item_++]);
  }

  PageFetcher fetch_;
  std::vector<T> items_;
  std::size_t next_item_ = 0;
  bool started_ = false;
  bool last_page_ = false;
  bool failed_ = false;
  bool done_ = false;
  StatusOr<T> current_;
};

}  // namespace mercato
