// StatusError carries a failed mercato::Status out of the binding code; one translator, registered
// once, raises it in Python as the matching mercato.MercatoError subclass.
#pragma once

#include <exception>
#include <utility>

#include <pybind11/pybind11.h>

#include "mercato/status.h"
#include "mercato/status_or.h"

namespace mercato::python {

class StatusError : public std::exception {
 public:
  explicit StatusError(Status status) : status_(std::move(status)) {}
  char const* what() const noexcept override { return status_.message().c_str(); }
  Status const& status() const { return status_; }

 private:
  Status status_;
};

inline void ThrowIfError(Status status) {
  if (!status.ok()) throw StatusError(std::move(status));
}

template <typename T>
T ValueOrThrow(StatusOr<T> result) {
  if (!result) throw StatusError(std::move(result).status());
  return std::move(result).value();
}

// Imports the exception classes from mercato._errors and registers the translator.
void RegisterStatusErrors();

}  // namespace mercato::python
