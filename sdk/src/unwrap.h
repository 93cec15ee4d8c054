// Unwrap: the one resource a single-resource response carries (GetProductResponse -> Product),
// shared by every service's connection; Unwrapping and DroppingResponse adapt an asynchronous
// call's completion the same way.
#pragma once

#include <utility>

#include "mercato/completion.h"
#include "mercato/status_or.h"

namespace mercato::internal {

template <typename Response, typename Resource>
StatusOr<Resource> Unwrap(StatusOr<Response> response, Resource* (Response::*field)()) {
  if (!response) return std::move(response).status();
  return std::move(*((*response).*field)());
}

// A completion for the whole response that hands `done` the resource in `field`.
template <typename Response, typename Resource>
Completion<Response> Unwrapping(Resource* (Response::*field)(), Completion<Resource> done) {
  return [field, done = std::move(done)](StatusOr<Response> response) { done(Unwrap(std::move(response), field)); };
}

// A completion for a response nobody reads (the blocking twin returns only a Status).
template <typename Response>
Completion<Response> DroppingResponse(StatusCompletion done) {
  return [done = std::move(done)](StatusOr<Response> response) { done(std::move(response).status()); };
}

}  // namespace mercato::internal
