// GET and SET EX on prefixed keys; any Redis failure reads as a miss.
#include "server/adapters/redis/redis_listing_cache.h"

namespace mercato::adapters {

std::optional<std::string> RedisListingCache::Get(std::string const& key) {
  auto reply = redis_.Command({"GET", prefix_ + key});
  if (!reply || reply->type != RedisReply::Type::kString) return std::nullopt;
  return std::move(reply->text);
}

void RedisListingCache::Put(std::string const& key, std::string const& value, std::chrono::seconds ttl) {
  redis_.Command({"SET", prefix_ + key, value, "EX", std::to_string(ttl.count())});
}

}  // namespace mercato::adapters
