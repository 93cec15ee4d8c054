// GET/SET EX/INCR on prefixed keys; any Redis failure reads as a miss.
#include "server/adapters/redis/redis_listing_cache.h"

#include <spdlog/spdlog.h>

namespace mercato::adapters {

std::optional<std::string> RedisListingCache::Get(std::string const& key) {
  auto reply = redis_.Command({"GET", prefix_ + key});
  if (!reply || reply->type != RedisReply::Type::kString) return std::nullopt;
  return std::move(reply->text);
}

void RedisListingCache::Put(std::string const& key, std::string const& value, std::chrono::seconds ttl) {
  redis_.Command({"SET", prefix_ + key, value, "EX", std::to_string(ttl.count())});
}

std::optional<std::int64_t> RedisListingCache::Generation() {
  auto reply = redis_.Command({"GET", prefix_ + "catalog:generation"});
  if (!reply) return std::nullopt;
  if (reply->type == RedisReply::Type::kNil) return 0;
  if (reply->type != RedisReply::Type::kString) return std::nullopt;
  try {
    return std::stoll(reply->text);
  } catch (std::exception const&) {
    return std::nullopt;
  }
}

void RedisListingCache::BumpGeneration() {
  auto reply = redis_.Command({"INCR", prefix_ + "catalog:generation"});
  if (!reply || reply->type != RedisReply::Type::kInteger) {
    // Entries of the old generation now live until their TTL; say so rather than hide it.
    spdlog::warn("listing cache: could not bump the catalog generation on {}; listings may be stale for up to "
                 "their TTL",
                 redis_.address());
  }
}

}  // namespace mercato::adapters
