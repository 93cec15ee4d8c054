// StatusOr<T>: the value of a call that succeeded, or the non-OK Status of one that failed.
// The SDK never throws: reading the value of a failed StatusOr aborts the process.
#pragma once

#include <optional>
#include <utility>

#include "mercato/status.h"

namespace mercato {

namespace internal {
[[noreturn]] void AbortOnBadStatusOrAccess(Status const& status);
}  // namespace internal

template <typename T>
class StatusOr {
 public:
  // A failed StatusOr (UNKNOWN), so that a StatusOr can be declared before it is assigned.
  StatusOr() : status_(StatusCode::kUnknown, "StatusOr was default constructed") {}

  // A failed result. An OK status carries no value and becomes INTERNAL, a programming error.
  StatusOr(Status status) : status_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    if (status_.ok()) status_ = Status(StatusCode::kInternal, "StatusOr constructed from an OK Status");
  }
  // A successful result.
  StatusOr(T value) : value_(std::move(value)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return value_.has_value(); }
  explicit operator bool() const { return ok(); }

  // OK when the call succeeded.
  Status const& status() const& { return status_; }
  Status&& status() && { return std::move(status_); }

  // The value; aborts with the status on stderr when !ok() (the SDK never throws).
  T& value() & {
    Checked();
    return *value_;
  }
  T const& value() const& {
    Checked();
    return *value_;
  }
  T&& value() && {
    Checked();
    return std::move(*value_);
  }

  // Same as value(): also checked.
  T& operator*() & { return value(); }
  T const& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  T const* operator->() const { return &value(); }

 private:
  void Checked() const {
    if (!value_.has_value()) internal::AbortOnBadStatusOrAccess(status_);
  }

  Status status_;
  std::optional<T> value_;
};

}  // namespace mercato
