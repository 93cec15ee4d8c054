// LazyRange<T>: a PaginationRange<T> consumed from Python, one element at a time (__next__) or
// all at once (to_list / to_pandas). The GIL is released while the range may fetch a page, so a
// mutex keeps two Python threads from advancing it together. Once its mercato.Client is closed,
// it raises ValueError as the client's calls do, instead of fetching further pages.
#pragma once

#include <algorithm>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

#include <pybind11/pybind11.h>

#include "client_handle.h"
#include "mercato/pagination.h"
#include "status_error.h"

namespace mercato::python {

template <typename T>
class LazyRange {
 public:
  // `page_size`: how many elements Drain() takes between two checks for Ctrl-C (about one page).
  LazyRange(PaginationRange<T> range, int page_size, std::shared_ptr<ClientHandle const> client)
      : range_(std::move(range)), drain_batch_(std::max(page_size, 1)), client_(std::move(client)) {}

  LazyRange(LazyRange const&) = delete;
  LazyRange& operator=(LazyRange const&) = delete;

  // The next element, or nullopt at the end; a failed page raises its error. Needs the GIL.
  std::optional<T> Next() {
    client_->CheckOpen();
    std::optional<StatusOr<T>> next;
    {
      pybind11::gil_scoped_release release;
      std::lock_guard lock(mu_);
      next = Advance();
    }
    if (!next) return std::nullopt;
    return ValueOrThrow(*std::move(next));
  }

  // Every element not consumed yet. Needs the GIL; Ctrl-C interrupts it between pages.
  std::vector<T> Drain() {
    std::vector<T> items;
    for (;;) {
      client_->CheckOpen();
      bool done = false;
      Status error;
      {
        pybind11::gil_scoped_release release;
        std::lock_guard lock(mu_);
        for (int i = 0; i < drain_batch_; ++i) {
          auto next = Advance();
          if (!next) {
            done = true;
            break;
          }
          if (!next->ok()) {
            error = next->status();
            break;
          }
          items.push_back(*std::move(*next));
        }
      }
      ThrowIfError(std::move(error));
      if (done) return items;
      if (PyErr_CheckSignals() != 0) throw pybind11::error_already_set();
    }
  }

 private:
  // Requires mu_.
  std::optional<StatusOr<T>> Advance() {
    if (!started_) {
      started_ = true;
      position_ = range_.begin();
    } else if (position_ != range_.end()) {
      ++position_;
    }
    if (position_ == range_.end()) return std::nullopt;
    return *position_;
  }

  std::mutex mu_;
  PaginationRange<T> range_;
  typename PaginationRange<T>::iterator position_;
  bool started_ = false;
  int drain_batch_;
  std::shared_ptr<ClientHandle const> client_;
};

}  // namespace mercato::python
