// The production listing cache: Redis shared by every mercatod instance, entries with a TTL. Keys
// carry the catalog generation read from the database, so that losing or rolling back Redis can
// only cost hits.
#pragma once

#include "server/adapters/redis/redis_client.h"
#include "server/domain/catalog/listing_cache.h"

namespace mercato::adapters {

class RedisListingCache final : public domain::ListingCache {
 public:
  RedisListingCache(RedisClient& redis, std::string key_prefix) : redis_(redis), prefix_(std::move(key_prefix)) {}

  std::optional<std::string> Get(std::string const& key) override;
  void Put(std::string const& key, std::string const& value, std::chrono::seconds ttl) override;

 private:
  RedisClient& redis_;
  std::string prefix_;
};

}  // namespace mercato::adapters
