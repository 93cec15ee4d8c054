// Port: a shared cache of serialized read results (Redis in production, in-process embedded).
// Keys embed the catalog generation, which the catalog store keeps and every catalog write bumps
// in its transaction (CatalogStore::CatalogGeneration), so no reader sees a result older than a
// write it already observed, whatever the cache lost or kept. Failures degrade to misses.
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
};

}  // namespace mercato::domain
