// Unwrap: the one resource a single-resource response carries (GetProductResponse -> Product),
// shared by every service's connection; Share makes a result the immutable Shared<T> the cached
// reads answer with. Unwrapping, Sharing and DroppingResponse adapt an asynchronous call's
// completion the same ways.
#pragma once

#include <memory>
#include <utility>

#include "mercato/cache.h"
#include "mercato/completion.h"
#include "mercato/status_or.h"

namespace mercato::internal {

template <typename Response, typename Resource>
StatusOr<Resource> Unwrap(StatusOr<Response> response, Resource* (Response::*field)()) {
  if (!response) return std::move(response).status();
  return std::move(*((*response).*field)());
}

// Moves a successful result into a Shared<T> (no copy of the message's contents).
template <typename T>
StatusOr<Shared<T>> Share(StatusOr<T> result) {
  if (!result) return std::move(result).status();
  return std::make_shared<T const>(*std::move(result));
}

template <typename T>
Completion<T> Sharing(Completion<Shared<T>> done) {
  return [done = std::move(done)](StatusOr<T> result) { done(Share(std::move(result))); };
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
