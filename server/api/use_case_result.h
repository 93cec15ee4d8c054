// Moves a use case's value into a response field, or passes its error on: the one line every
// handler ends with.
#pragma once

#include <utility>

#include "server/domain/error.h"

namespace mercato::api {

template <typename T>
domain::Status Assign(domain::Result<T> result, T& out) {
  if (!result) return result.error();
  out = std::move(*result);
  return domain::Ok();
}

}  // namespace mercato::api
