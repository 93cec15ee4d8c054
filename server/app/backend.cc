// Adapter selection: each production backend replaces its embedded counterpart independently.
#include "server/app/backend.h"

#include <spdlog/spdlog.h>

#include <filesystem>

#include "server/adapters/crypto/sodium_password_hasher.h"
#include "server/adapters/crypto/sodium_session_tokens.h"
#include "server/adapters/kafka/kafka_event_sink.h"
#include "server/adapters/local/in_process_lease_lock.h"
#include "server/adapters/local/in_process_session_store.h"
#include "server/adapters/local/in_process_listing_cache.h"
#include "server/adapters/local/in_process_rate_limiter.h"
#include "server/adapters/local/system_clock.h"
#include "server/adapters/local/test_payment_provider.h"
#include "server/adapters/local/ulid_generator.h"
#include "server/adapters/postgres/postgres_database.h"
#include "server/adapters/redis/redis_lease_lock.h"
#include "server/adapters/redis/redis_listing_cache.h"
#include "server/adapters/redis/redis_rate_limiter.h"
#include "server/adapters/redis/redis_session_store.h"
#include "server/adapters/sql/idempotent_write.h"
#include "server/adapters/sql/migrator.h"
#include "server/adapters/sql/sql_catalog_store.h"
#include "server/adapters/sql/sql_inventory_store.h"
#include "server/adapters/sql/sql_outbox_store.h"
#include "server/adapters/sql/sql_cart_store.h"
#include "server/adapters/sql/sql_order_store.h"
#include "server/adapters/sql/sql_payment_store.h"
#include "server/adapters/sql/sql_shipment_store.h"
#include "server/adapters/sql/sql_slot_store.h"
#include "server/adapters/sql/sql_user_store.h"
#include "server/adapters/stripe/stripe_payment_provider.h"
#include "server/adapters/sql/sql_zone_store.h"
#include "server/adapters/sqlite/sqlite_database.h"
#include "server/domain/orders/orders_for_delivery.h"

namespace mercato::server {
namespace {

constexpr std::size_t kInProcessCacheEntries = 20000;
constexpr std::size_t kRedisPoolSize = 8;
constexpr std::chrono::milliseconds kRedisTimeout{250};
constexpr std::chrono::milliseconds kRedisProbeInterval{500};
constexpr std::chrono::milliseconds kKafkaDeliveryTimeout{10000};
constexpr std::chrono::milliseconds kKafkaProbeTimeout{5000};

// Start-up errors name the flag and the way out, so that an operator fixes them from one line.
// `setting` is the flag and, where it holds no secret, its value.
domain::Error Refused(std::string const& setting, std::string const& problem, std::string const& fix) {
  return domain::Unavailable(setting + ": " + problem + "; " + fix);
}

domain::Status OpenDatabase(Config const& config, Backend& backend) {
  if (!config.postgres_url.empty()) {
    adapters::PostgresDatabase::Settings settings;
    settings.pool_size = config.postgres_pool_size;
    auto database = adapters::PostgresDatabase::Open(config.postgres_url, settings);
    if (!database) {
      return Refused("--postgres", database.error().message,
                     "check the URL and that PostgreSQL runs there, or leave out --postgres for the embedded store");
    }
    backend.database = *std::move(database);
    backend.description = "postgresql";
  } else {
    auto const file = std::filesystem::path(config.data_dir) / "mercato.db";
    auto database = adapters::SqliteDatabase::Open(file);
    if (!database) {
      return Refused("--data-dir " + config.data_dir, database.error().message,
                     "give a directory this user may write");
    }
    backend.database = *std::move(database);
    backend.description = "sqlite:" + file.string();
  }
  auto applied = adapters::Migrate(*backend.database);
  if (!applied) return applied.error();
  if (*applied > 0) spdlog::info("applied {} schema migration(s)", *applied);
  return domain::Ok();
}

domain::Status OpenRedisParts(Config const& config, Backend& backend) {
  std::unique_ptr<domain::ListingCache> cache;
  backend.local_rate_limiter = std::make_unique<adapters::InProcessRateLimiter>(*backend.clock);
  backend.rate_limiter = backend.local_rate_limiter.get();
  if (!config.redis_address.empty()) {
    // Keys carry this database's id: databases that share a Redis and a prefix stay apart.
    auto installation = adapters::InstallationId(*backend.database);
    if (!installation) return installation.error();
    std::string const prefix = config.redis_key_prefix + installation->substr(0, 16) + ":";
    backend.redis = std::make_unique<adapters::RedisClient>(config.redis_address, kRedisPoolSize, kRedisTimeout,
                                                            kRedisProbeInterval,
                                                            prefix + "circuit-probe");
    if (auto const problem = backend.redis->Probe(); !problem.empty()) {
      return Refused("--redis " + config.redis_address, "Redis does not answer (" + problem + ")",
                     "start Redis there, or leave out --redis to keep sessions, caches and limits in process");
    }
    cache = std::make_unique<adapters::RedisListingCache>(*backend.redis, prefix);
    backend.shared_rate_limiter = std::make_unique<adapters::RedisRateLimiter>(
        *backend.redis, prefix, *backend.local_rate_limiter);
    backend.rate_limiter = backend.shared_rate_limiter.get();
    backend.session_store =
        std::make_unique<adapters::RedisSessionStore>(*backend.redis, prefix, *backend.clock);
    backend.lease_lock = std::make_unique<adapters::RedisLeaseLock>(*backend.redis, prefix, *backend.clock);
    backend.description += ", redis cache and rate limits at " + config.redis_address;
  } else {
    cache = std::make_unique<adapters::InProcessListingCache>(*backend.clock, kInProcessCacheEntries);
    backend.session_store = std::make_unique<adapters::InProcessSessionStore>(*backend.clock);
    backend.lease_lock = std::make_unique<adapters::InProcessLeaseLock>(*backend.clock);
    backend.description += ", in-process cache and rate limits";
  }
  backend.listing_cache = std::make_unique<adapters::CountingListingCache>(std::move(cache));
  return domain::Ok();
}

domain::Status OpenEventSink(Config const& config, Backend& backend) {
  if (!config.kafka_brokers.empty()) {
    auto const fix = "start Kafka there, or leave out --kafka to publish events in process";
    std::unique_ptr<adapters::KafkaEventSink> sink;
    try {
      sink = std::make_unique<adapters::KafkaEventSink>(config.kafka_brokers, config.kafka_topic_prefix,
                                                        kKafkaDeliveryTimeout);
    } catch (std::exception const& e) {
      return Refused("--kafka " + config.kafka_brokers, e.what(), fix);
    }
    if (auto const problem = sink->Probe(kKafkaProbeTimeout); !problem.empty()) {
      return Refused("--kafka " + config.kafka_brokers, "no broker answers (" + problem + ")", fix);
    }
    backend.event_sink = std::move(sink);
    backend.description += ", kafka events at " + config.kafka_brokers;
  } else {
    auto bus = std::make_unique<adapters::InProcessEventBus>();
    backend.event_bus = bus.get();
    backend.event_sink = std::move(bus);
    backend.description += ", in-process events";
  }
  return domain::Ok();
}

// Checked before anything is opened.
domain::Status CheckPaymentSettings(Config const& config) {
  if (config.payment_provider == "stripe" && config.stripe_secret_key.empty()) {
    return Refused("--payment-provider stripe", "no secret key",
                   "set MERCATO_STRIPE_SECRET_KEY (or --stripe-secret-key) to the account's sk_... key");
  }
  if (config.payment_provider == "stripe" && config.stripe_api_base.rfind("https://", 0) != 0 &&
      config.stripe_api_base.rfind("http://", 0) != 0) {
    return Refused("--stripe-api-base " + config.stripe_api_base, "not an http(s) address",
                   "leave it at https://api.stripe.com, or give stripe-mock's http://host:port");
  }
  if (config.payment_reconcile_after <= config.payment_provider_deadline) {
    return Refused("--payment-reconcile-after-ms", "not longer than --payment-provider-deadline-ms",
                   "give it more: the reconciler would ask about calls still waiting for their answer");
  }
  if (!config.webhook_address.empty() &&
      (config.payment_provider != "stripe" || config.stripe_webhook_secret.empty())) {
    return Refused("--webhook-listen " + config.webhook_address, "it takes Stripe's webhooks",
                   "use it with --payment-provider stripe and set MERCATO_STRIPE_WEBHOOK_SECRET to the endpoint's "
                   "whsec_... signing secret");
  }
  return domain::Ok();
}

// After CheckPaymentSettings passed.
void OpenPaymentProvider(Config const& config, Backend& backend) {
  if (config.payment_provider == "stripe") {
    backend.payment_provider = std::make_unique<adapters::StripePaymentProvider>(adapters::StripePaymentProvider::Settings{
        config.stripe_api_base, config.stripe_secret_key, config.payment_provider_deadline});
    backend.description += ", payments through stripe at " + config.stripe_api_base;
    return;
  }
  backend.payment_provider = std::make_unique<adapters::TestPaymentProvider>(adapters::TestPaymentProvider::Settings{
      .deadline = config.payment_provider_deadline,
      .lost_answer_percent = config.test_provider_lost_answer_percent,
      .key_lifetime = config.test_provider_key_lifetime.count() > 0
                          ? std::optional<std::chrono::milliseconds>(config.test_provider_key_lifetime)
                          : std::nullopt});
  backend.description += ", payments through the test provider";
}

}  // namespace

domain::Result<std::unique_ptr<Backend>> BuildBackend(Config const& config) {
  auto backend = std::make_unique<Backend>();
  backend->clock = std::make_unique<adapters::SystemClock>();
  backend->ids = std::make_unique<adapters::UlidGenerator>(*backend->clock);
  if (auto valid = CheckPaymentSettings(config); !valid) return valid.error();
  if (auto opened = OpenDatabase(config, *backend); !opened) return opened.error();
  if (auto opened = OpenRedisParts(config, *backend); !opened) return opened.error();
  if (auto opened = OpenEventSink(config, *backend); !opened) return opened.error();
  backend->catalog_store = std::make_unique<adapters::SqlCatalogStore>(*backend->database, *backend->clock);
  backend->outbox_store = std::make_unique<adapters::SqlOutboxStore>(*backend->database);
  backend->user_store = std::make_unique<adapters::SqlUserStore>(*backend->database, *backend->clock);
  backend->inventory_store = std::make_unique<adapters::SqlInventoryStore>(*backend->database, *backend->clock,
                                                                         config.coalesce_reservations);
  backend->zone_store = std::make_unique<adapters::SqlZoneStore>(*backend->database, *backend->clock);
  backend->slot_store = std::make_unique<adapters::SqlSlotStore>(*backend->database, *backend->clock,
                                                               config.coalesce_reservations);
  backend->shipment_store = std::make_unique<adapters::SqlShipmentStore>(*backend->database, *backend->clock);
  backend->payment_store = std::make_unique<adapters::SqlPaymentStore>(*backend->database, *backend->clock);
  backend->cart_store = std::make_unique<adapters::SqlCartStore>(*backend->database, *backend->clock);
  backend->order_store = std::make_unique<adapters::SqlOrderStore>(*backend->database);
  backend->orders_for_delivery = std::make_unique<domain::OrdersForDelivery>(*backend->order_store, *backend->cart_store);
  OpenPaymentProvider(config, *backend);
  backend->idempotency_keys = std::make_unique<adapters::SqlIdempotencyKeyStore>(*backend->database);
  backend->password_hasher = std::make_unique<adapters::SodiumPasswordHasher>();
  backend->session_tokens = std::make_unique<adapters::SodiumSessionTokens>();
  return backend;
}

}  // namespace mercato::server
