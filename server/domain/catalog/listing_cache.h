// Port: a shared cache of serialized read results (Redis in production, in-process embedded).
// Keys embed the catalog generation; a change bumps it, so no reader sees a result older than a
// write it already observed. Failures degrade to misses: the cache is an optimisation.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace mercato::domain {

class ListingCache {
 public:
  virtual ~ListingCache() = default;
  virtual std::optional<std::string> Get(std::string const& key) = 0;
  virtual void Put(std::string const& key, std::string const& value, std::chrono::seconds ttl) = 0;
  // The current catalog generation; read before the store so that a result computed from older
  // data is filed under an older generation, which nobody reads again. nullopt: cache unreachable.
  virtual std::optional<std::int64_t> Generation() = 0;
  virtual void BumpGeneration() = 0;
};

}  // namespace mercato::domain
