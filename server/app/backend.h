// The adapters mercatod runs on, chosen from the configuration: embedded (SQLite file, in-process
// cache and event bus) by default, PostgreSQL / Redis / Kafka where configured. The only place
// that knows every adapter.
#pragma once

#include <memory>
#include <string>

#include "server/adapters/local/counting_listing_cache.h"
#include "server/adapters/local/in_process_event_bus.h"
#include "server/adapters/redis/redis_client.h"
#include "server/adapters/sql/sql_database.h"
#include "server/app/config.h"
#include "server/domain/catalog/catalog_store.h"
#include "server/domain/catalog/listing_cache.h"
#include "server/domain/clock.h"
#include "server/domain/delivery/shipment_store.h"
#include "server/domain/delivery/slot_store.h"
#include "server/domain/delivery/zone_store.h"
#include "server/domain/events/event_sink.h"
#include "server/domain/events/outbox_store.h"
#include "server/domain/id_generator.h"
#include "server/domain/idempotency.h"
#include "server/domain/inventory/inventory_store.h"
#include "server/domain/identity/password_hasher.h"
#include "server/domain/identity/session_store.h"
#include "server/domain/identity/session_tokens.h"
#include "server/domain/identity/user_store.h"
#include "server/domain/lease_lock.h"
#include "server/domain/orders/cart_store.h"
#include "server/domain/delivery/order_lookup.h"
#include "server/domain/orders/order_store.h"
#include "server/domain/payments/payment_provider.h"
#include "server/domain/payments/payment_store.h"
#include "server/domain/rate_limiter.h"

namespace mercato::server {

struct Backend {
  std::unique_ptr<domain::Clock> clock;
  std::unique_ptr<domain::IdGenerator> ids;
  std::unique_ptr<adapters::SqlDatabase> database;
  std::unique_ptr<adapters::RedisClient> redis;  // null when embedded
  std::unique_ptr<adapters::CountingListingCache> listing_cache;
  // Embedded limiter, and the fallback of the Redis one.
  std::unique_ptr<domain::RateLimiter> local_rate_limiter;
  std::unique_ptr<domain::RateLimiter> shared_rate_limiter;  // Redis; null when embedded
  domain::RateLimiter* rate_limiter = nullptr;                 // the one to use
  std::unique_ptr<domain::EventSink> event_sink;
  adapters::InProcessEventBus* event_bus = nullptr;  // the sink when embedded, else null
  std::unique_ptr<domain::CatalogStore> catalog_store;
  std::unique_ptr<domain::OutboxStore> outbox_store;
  std::unique_ptr<domain::UserStore> user_store;
  std::unique_ptr<domain::InventoryStore> inventory_store;
  std::unique_ptr<domain::ZoneStore> zone_store;
  std::unique_ptr<domain::SlotStore> slot_store;
  std::unique_ptr<domain::ShipmentStore> shipment_store;
  std::unique_ptr<domain::PaymentStore> payment_store;
  std::unique_ptr<domain::CartStore> cart_store;
  std::unique_ptr<domain::OrderStore> order_store;
  std::unique_ptr<domain::OrderLookup> orders_for_delivery;  // over order_store and cart_store
  std::unique_ptr<domain::PaymentProvider> payment_provider;  // --payment-provider
  std::unique_ptr<domain::IdempotencyKeyStore> idempotency_keys;
  std::unique_ptr<domain::SessionStore> session_store;  // Redis, or in-process when embedded
  std::unique_ptr<domain::LeaseLock> lease_lock;        // Redis, or in-process when embedded
  std::unique_ptr<domain::PasswordHasher> password_hasher;
  std::unique_ptr<domain::SessionTokens> session_tokens;
  std::string description;  // e.g. "sqlite:/data/mercato.db, in-process cache, in-process events"
};

// Connects, migrates and builds every adapter. Errors say which backend failed and why.
domain::Result<std::unique_ptr<Backend>> BuildBackend(Config const& config);

}  // namespace mercato::server
