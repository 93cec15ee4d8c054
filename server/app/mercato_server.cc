// Start-up and shutdown order. Services not built yet are the generated bases (UNIMPLEMENTED).
#include "server/app/mercato_server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>
#include <optional>

#include "mercato/v1/analytics.pb.h"
#include "mercato/v1/orders.pb.h"
#include "mercato/v1/payments.pb.h"
#include "server/adapters/sql/sql_outbox_store.h"
#include "server/adapters/stripe/stripe_webhook.h"
#include "server/app/data_dir_lock.h"
#include "server/app/demo_catalog.h"
#include "server/app/demo_delivery.h"
#include "server/app/domain_contexts.h"
#include "server/app/shutdown_signal.h"

namespace mercato::server {
namespace {

// Requests are small; a bulk export streams many messages rather than one large one.
constexpr int kMaxMessageBytes = 4 * 1024 * 1024;

constexpr int kPruneBatch = 1000;

// The health-check service name that reports whether Redis is called (SERVING) or skipped behind
// its open circuit (NOT_SERVING). The server's own status ("") stays SERVING: every instance shares
// one Redis, and a balancer that took them all out would turn degraded service into none.
constexpr char kRedisHealthName[] = "mercato.backend.redis";

// Unary handlers mostly wait on the database (a pool of --postgres-pool-size connections) or hash
// a password; more threads than this would only queue there. Calls beyond the queue are refused.
constexpr int kHandlerThreads = 32;
constexpr std::size_t kMaxQueuedCalls = 4096;

}  // namespace

MercatoServer::MercatoServer(std::unique_ptr<Backend> backend, Config const& config)
    : backend_(std::move(backend)),
      products_(MakeCatalogContext(*backend_)),
      categories_(MakeCatalogContext(*backend_)),
      sessions_(*backend_->session_store, *backend_->session_tokens, *backend_->clock),
      authenticator_(config.service_token, &sessions_),
      handlers_(kHandlerThreads, kMaxQueuedCalls),
      gateway_(authenticator_, *backend_->rate_limiter, metrics_,
               {{config.user_rate_burst, config.user_rate_interval},
                {config.anonymous_rate_burst, config.anonymous_rate_interval},
                config.trusted_proxies}),
      relay_(*backend_->outbox_store, *backend_->event_sink, changes_,
             {.batch_size = config.outbox_batch_size, .idle_poll = config.outbox_poll_interval}),
      accounts_({*backend_->user_store, *backend_->session_store, *backend_->session_tokens,
                 *backend_->password_hasher, *backend_->rate_limiter, *backend_->clock, *backend_->ids, {}}),
      addresses_(*backend_->user_store, *backend_->clock, *backend_->ids),
      catalog_handlers_({products_, categories_, *backend_->outbox_store, changes_, gateway_},
                        {.poll = config.outbox_poll_interval,
                         .limits = {config.watch_streams_per_caller, config.watch_streams_per_address,
                                    config.watch_streams_total}}),
      catalog_service_(gateway_, handlers_, catalog_handlers_),
      user_handlers_(accounts_, addresses_, config.trusted_proxies),
      user_service_(gateway_, handlers_, user_handlers_),
      stock_(MakeInventoryContext(*backend_)),
      reservations_(MakeInventoryContext(*backend_)),
      inventory_handlers_(stock_, reservations_),
      inventory_service_(gateway_, handlers_, inventory_handlers_),
      zones_(MakeDeliveryContext(*backend_)),
      slots_(MakeDeliveryContext(*backend_), zones_),
      slot_claims_(MakeDeliveryContext(*backend_)),
      shipments_(MakeDeliveryContext(*backend_)),
      delivery_handlers_(zones_, slots_, slot_claims_, shipments_),
      delivery_service_(gateway_, handlers_, delivery_handlers_),
      payments_({*backend_->payment_store, *backend_->payment_provider, *backend_->clock, *backend_->ids,
                 {.reconcile_after = config.payment_reconcile_after,
                  .reconcile_batch = config.payment_reconcile_batch}}),
      order_lifecycle_({*backend_->order_store, payments_, reservations_, slot_claims_, shipments_, *backend_->clock,
                        *backend_->ids, {.payment_retry_after = config.checkout_retry_after}}),
      payment_handlers_(payments_, order_lifecycle_),
      payment_service_(gateway_, handlers_, payment_handlers_),
      carts_({*backend_->cart_store, *backend_->catalog_store, *backend_->clock, *backend_->ids,
              {.default_currency_code = config.default_currency_code, .limits = {}}}),
      checkout_({*backend_->order_store, carts_, addresses_, zones_, slots_, reservations_, slot_claims_, payments_,
                 *backend_->clock, *backend_->ids, {.retry_after = config.checkout_retry_after}}),
      orders_(*backend_->order_store),
      order_handlers_(carts_, checkout_, orders_, order_lifecycle_),
      order_service_(gateway_, handlers_, order_handlers_),
      reservation_sweeper_("reservation sweeper", config.reservation_sweep_interval,
                           [this] { return reservations_.ExpireOne(); }),
      slot_hold_sweeper_("slot hold sweeper", config.reservation_sweep_interval,
                         [this] { return slot_claims_.ExpireOneHold(); }),
      payment_reconciler_("payment reconciler", config.payment_reconcile_interval,
                          [this]() -> domain::Result<bool> {
                            auto settled = payments_.ReconcileOnce();
                            if (!settled) return settled.error();
                            return false;  // what is left waits for the next interval
                          }),
      checkout_recovery_("checkout recovery", config.payment_reconcile_interval,
                         [this]() -> domain::Result<bool> {
                           auto ended = checkout_.RecoverDue();
                           if (!ended) return ended.error();
                           return false;  // what is left waits for the next interval
                         }),
      order_payment_follow_up_("order payment follow-up", config.payment_reconcile_interval,
                               [this]() -> domain::Result<bool> {
                                 auto ended = order_lifecycle_.FollowUpPayments();
                                 if (!ended) return ended.error();
                                 return false;  // what is left waits for the next interval
                               }),
      slot_horizon_job_(*backend_->zone_store, slots_, *backend_->lease_lock,
                        std::chrono::hours(24 * config.slot_horizon_days)),
      slot_horizon_task_("slot horizon job", config.slot_job_interval,
                         [this]() -> domain::Result<bool> {
                           auto ran = slot_horizon_job_.RunOnce();
                           if (!ran) return ran.error();
                           return false;  // done until the next interval
                         }),
      slot_horizon_on_(config.slot_horizon_days > 0),
      idempotency_pruner_("idempotency key pruner", std::chrono::minutes(10),
                          [this, retention = std::chrono::microseconds(config.idempotency_retention)] {
        auto const cutoff = backend_->clock->NowMicros() - retention.count();
        auto pruned = backend_->idempotency_keys->PruneClaimedBefore(cutoff, kPruneBatch);
        if (!pruned) return domain::Result<bool>(pruned.error());
        return domain::Result<bool>(*pruned == kPruneBatch);
      }) {
  metrics_.AddGauge("mercato_listing_cache_hit_ratio", "Share of listing cache lookups answered from the cache.",
                    [this] { return backend_->listing_cache->HitRatio(); });
  metrics_.AddGauge("mercato_outbox_lag_events", "Events sequenced in the outbox but not yet published by this instance.",
                    [this] {
                      auto last = backend_->outbox_store->LastPosition();
                      return last ? static_cast<double>(*last - relay_.last_published_position()) : -1.0;
                    });
  metrics_.AddGauge("mercato_watch_streams_open", "CatalogService.WatchChanges streams open on this instance.",
                    [this] { return static_cast<double>(catalog_handlers_.open_watch_streams()); });
  metrics_.AddGauge("mercato_payment_calls_pending", "Payment provider calls waiting for an answer (PENDING ledger rows).",
                    [this] {
                      auto pending = backend_->payment_store->SummarizePending();
                      return pending ? static_cast<double>(pending->count) : -1.0;
                    });
  metrics_.AddGauge("mercato_payment_oldest_pending_seconds",
                    "Age of the oldest payment provider call waiting for an answer (0: none waits).",
                    [this] {
                      auto pending = backend_->payment_store->SummarizePending();
                      if (!pending) return -1.0;
                      if (pending->count == 0) return 0.0;
                      return static_cast<double>(backend_->clock->NowMicros() - pending->oldest_opened_at_us) / 1e6;
                    });
  ExposeRedisMetrics();
  unimplemented_services_.push_back(std::make_unique<api::RawService>(
      gateway_, handlers_, api::ServiceInFileOf<v1::GetSalesReportRequest>("AnalyticsService")));
}

domain::Result<std::unique_ptr<MercatoServer>> MercatoServer::Start(Config const& config) {
  auto backend = BuildBackend(config);
  if (!backend) return backend.error();
  std::unique_ptr<MercatoServer> server(new MercatoServer(*std::move(backend), config));
  spdlog::info("backend: {}", server->backend_->description);

  if (auto bootstrapped = server->BootstrapStaff(config.bootstrap_staff); !bootstrapped) {
    return bootstrapped.error();
  }
  if (config.seed_demo_catalog) {
    auto seeded =
        SeedDemoCatalog(server->categories_, server->products_, server->stock_, *server->backend_->catalog_store);
    if (!seeded) return seeded.error();
    if (*seeded > 0) spdlog::info("seeded the demo catalog: {} products", *seeded);
    // Two weeks of slots, whatever the job's horizon: the demo store opens with a fortnight to choose from.
    auto delivery = SeedDemoDelivery(server->zones_, server->slots_, std::chrono::hours(24 * 14));
    if (!delivery) return delivery.error();
    if (*delivery > 0) spdlog::info("seeded the demo delivery zones: {} slots", *delivery);
  }
  server->backend_->database->SetOutboxCommitHook([relay = &server->relay_] { relay->WakeSequencer(); });
  server->relay_.Start();
  if (!config.postgres_url.empty()) server->ListenForOtherInstances(config.postgres_url);
  server->reservation_sweeper_.Start();
  server->slot_hold_sweeper_.Start();
  server->payment_reconciler_.Start();
  server->checkout_recovery_.Start();
  server->order_payment_follow_up_.Start();
  if (server->slot_horizon_on_) server->slot_horizon_task_.Start();
  server->idempotency_pruner_.Start();
  if (auto listening = server->Listen(config.listen_address); !listening) return listening.error();
  server->ReportRedisHealth();
  if (!config.metrics_address.empty()) server->ServeMetrics(config.metrics_address);
  if (!config.webhook_address.empty()) {
    if (auto serving = server->ServeWebhooks(config); !serving) return serving.error();
  }
  return server;
}

domain::Status MercatoServer::Listen(std::string const& address) {
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(address, grpc::InsecureServerCredentials(), &port_);
  // Without this gRPC sets SO_REUSEPORT, and a second mercatod on the same port would start and
  // take half of the connections.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  // A peer that vanished without closing its connection (a phone losing signal) is found within
  // a minute and a half, and its streams end. SDK clients ping every 30 s on a quiet stream
  // (sdk/src/channel.cc); the default 5 minutes between client pings would count those as abuse
  // and close the connection.
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, 60'000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 20'000);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, 20'000);
  builder.SetMaxReceiveMessageSize(kMaxMessageBytes);
  builder.SetMaxSendMessageSize(kMaxMessageBytes);
  builder.RegisterService(&catalog_service_);
  builder.RegisterService(&user_service_);
  builder.RegisterService(&inventory_service_);
  builder.RegisterService(&delivery_service_);
  builder.RegisterService(&payment_service_);
  builder.RegisterService(&order_service_);
  for (auto& service : unimplemented_services_) builder.RegisterService(service.get());
  server_ = builder.BuildAndStart();
  if (!server_ || port_ == 0) {
    return domain::Unavailable("--listen " + address +
                               ": cannot listen there; is another process on that port? Stop it or pick another port");
  }
  return domain::Ok();
}

domain::Status MercatoServer::BootstrapStaff(std::string const& email_and_password) {
  if (email_and_password.empty()) return domain::Ok();
  auto const colon = email_and_password.find(':');
  if (colon == std::string::npos) {
    return domain::InvalidArgument("bootstrap_staff", "--bootstrap-staff must be EMAIL:PASSWORD");
  }
  auto staff = accounts_.EnsureStaffAccount(email_and_password.substr(0, colon), email_and_password.substr(colon + 1));
  if (!staff) {
    auto error = staff.error();
    error.message = "--bootstrap-staff: " + error.message;
    return error;
  }
  spdlog::info("staff account {} is ready", staff->id());
  return domain::Ok();
}

void MercatoServer::ListenForOtherInstances(std::string const& postgres_url) {
  outbox_listener_ = std::make_unique<adapters::PostgresListener>(
      postgres_url,
      adapters::PostgresListener::Handlers{{adapters::kOutboxSequencedChannel,
                                            [this] {
                                              changes_.Notify();
                                              relay_.WakePublisher();
                                            }}},
      std::chrono::seconds(1));
  outbox_listener_->Start();
}

void MercatoServer::ReportRedisHealth() {
  if (!backend_->redis) return;
  backend_->redis->breaker().OnChange(
      [health = server_->GetHealthCheckService()](bool open) { health->SetServingStatus(kRedisHealthName, !open); });
}

void MercatoServer::ExposeRedisMetrics() {
  if (!backend_->redis) return;
  auto const& redis = *backend_->redis;
  std::string const labels = "backend=\"redis\"";
  metrics_.AddGauge("mercato_backend_circuit_open",
                    "1 while a backend's circuit is open: calls skip it (cache misses, in-process rate limits, "
                    "UNAVAILABLE for sessions) until a background probe reaches it.",
                    [&redis] { return redis.breaker().open() ? 1.0 : 0.0; }, labels);
  metrics_.AddCounter("mercato_backend_circuit_opened_total", "Times a backend's circuit opened.",
                      [&redis] { return static_cast<double>(redis.breaker().times_opened()); }, labels);
  metrics_.AddCounter("mercato_backend_calls_skipped_total",
                      "Calls answered without the backend because its circuit was open.",
                      [&redis] { return static_cast<double>(redis.breaker().calls_refused()); }, labels);
  metrics_.AddCounter("mercato_backend_calls_failed_total",
                      "Calls sent to a backend that got no answer (down, or timed out).",
                      [&redis] { return static_cast<double>(redis.commands_failed()); }, labels);
}

void MercatoServer::ServeMetrics(std::string const& address) {
  try {
    metrics_http_ = std::make_unique<adapters::HttpServer>(
        address, std::vector<adapters::HttpServer::Route>{{"GET", "/metrics", [this](auto const&) {
                                                             return adapters::HttpServer::Response{
                                                                 200, metrics_.Render(), "text/plain; version=0.0.4"};
                                                           }}});
    spdlog::info("metrics on http://{}:{}/metrics", address.substr(0, address.rfind(':')), metrics_http_->port());
  } catch (std::exception const& e) {
    // Metrics are for operators; a taken port must not keep the shop closed.
    spdlog::warn("{}; serving without /metrics", e.what());
  }
}

domain::Status MercatoServer::ServeWebhooks(Config const& config) {
  adapters::StripeWebhookSettings const settings{config.stripe_webhook_secret};
  auto apply = [this, settings](adapters::HttpServer::Request const& request) -> adapters::HttpServer::Response {
    auto const now_s = backend_->clock->NowMicros() / 1'000'000;
    auto event = adapters::ReadStripeWebhook(request.body, request.header("Stripe-Signature"), settings, now_s);
    if (!event) return {400, event.error().message};
    if (!*event) return {200, "ignored: not an event Mercato acts on"};
    if (auto applied = payments_.ApplyProviderEvent(**event); !applied) {
      spdlog::warn("webhook event {} not applied: {}", (*event)->id, applied.error().message);
      return {503, "not applied; deliver it again"};  // Stripe redelivers on any non-2xx
    }
    return {200, "applied"};
  };
  try {
    webhook_http_ = std::make_unique<adapters::HttpServer>(
        config.webhook_address, std::vector<adapters::HttpServer::Route>{{"POST", "/webhooks/stripe", apply}});
  } catch (std::exception const& e) {
    return domain::Unavailable(std::string("--webhook-listen ") + config.webhook_address + ": " + e.what());
  }
  spdlog::info("payment webhooks on http://{}:{}/webhooks/stripe",
               config.webhook_address.substr(0, config.webhook_address.rfind(':')), webhook_http_->port());
  return domain::Ok();
}

void MercatoServer::Shutdown(std::chrono::milliseconds grace) {
  if (stopped_) return;
  stopped_ = true;
  webhook_http_.reset();  // undelivered events are delivered again by the provider
  if (backend_->redis) backend_->redis->breaker().OnChange(nullptr);
  if (server_) {
    server_->GetHealthCheckService()->SetServingStatus(false);
    catalog_handlers_.StopWatches();
    gateway_.drain().StartDraining();
    if (int const left = gateway_.drain().WaitUntilIdle(std::chrono::steady_clock::now() + grace); left > 0) {
      spdlog::warn("shutdown: the grace period ended with {} calls in flight; cancelling them", left);
    }
    // Nothing admitted is left (or the grace is over): close every connection now rather than
    // wait for idle clients to hang up.
    server_->Shutdown(std::chrono::system_clock::now());
    server_->Wait();
  }
  reservation_sweeper_.Stop();
  slot_hold_sweeper_.Stop();
  payment_reconciler_.Stop();
  checkout_recovery_.Stop();
  order_payment_follow_up_.Stop();
  slot_horizon_task_.Stop();
  idempotency_pruner_.Stop();
  if (outbox_listener_) outbox_listener_->Stop();
  backend_->database->SetOutboxCommitHook(nullptr);  // nothing else writes: no call, no task runs
  relay_.StopAndFlush(std::max(grace, std::chrono::milliseconds(1000)));
}

MercatoServer::~MercatoServer() { Shutdown(std::chrono::milliseconds(0)); }

int RunServer(Config const& config) {
  std::optional<DataDirLock> data_dir_lock;
  if (config.postgres_url.empty()) {
    auto locked = DataDirLock::Acquire(config.data_dir);
    if (!locked) {
      spdlog::error("mercatod could not start: {}", locked.error().message);
      return 1;
    }
    data_dir_lock.emplace(*std::move(locked));
  }
  auto server = MercatoServer::Start(config);
  if (!server) {
    spdlog::error("mercatod could not start: {}", server.error().message);
    return 1;
  }
  // Tests and scripts read this line to learn the port when --listen asks for port 0.
  std::printf("mercatod listening on port %d\n", (*server)->port());
  std::fflush(stdout);
  spdlog::info("serving on {} (port {})", config.listen_address, (*server)->port());

  int const signal_number = WaitForShutdownSignal();
  spdlog::info("signal {} received: draining for up to {} s", signal_number, config.shutdown_grace_seconds);
  (*server)->Shutdown(std::chrono::seconds(config.shutdown_grace_seconds));
  spdlog::info("stopped");
  return 0;
}

}  // namespace mercato::server
