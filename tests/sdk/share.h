// Share: wraps a value into the immutable Shared<T> the cache and the cached catalog reads hold,
// so that tests can build mock answers and cache entries in one call.
#pragma once

#include <memory>
#include <utility>

#include "mercato/cache.h"

namespace mercato::testing {

template <typename T>
Shared<T> Share(T value) {
  return std::make_shared<T const>(std::move(value));
}

}  // namespace mercato::testing
