// Unwrap: the one resource a single-resource response carries (GetProductResponse -> Product),
// shared by every service's connection.
#pragma once

#include <utility>

#include "mercato/status_or.h"

namespace mercato::internal {

template <typename Response, typename Resource>
StatusOr<Resource> Unwrap(StatusOr<Response> response, Resource* (Response::*field)()) {
  if (!response) return std::move(response).status();
  return std::move(*((*response).*field)());
}

}  // namespace mercato::internal
