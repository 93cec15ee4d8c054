// Builds Config from flags and MERCATO_* environment variables with CLI11.
#include "server/app/config.h"

#include <arpa/inet.h>

#include <CLI/CLI.hpp>
#include <charconv>
#include <string>

#include "server/domain/money.h"

namespace mercato::server {
namespace {

// "" when `text` is host:port (host a name, an IPv4 address or a bracketed IPv6 address; port
// 0..65535), else what is wrong with it, for CLI11 to print after the flag's name. `port_example` is
// the flag's usual port, for the example.
std::string HostPortProblem(std::string const& text, char const* port_example) {
  std::string const example = std::string("127.0.0.1:") + port_example;
  auto const colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) return "'" + text + "' is not host:port (for example " + example + ")";
  auto const port = std::string_view(text).substr(colon + 1);
  int number = -1;
  auto const [end, error] = std::from_chars(port.data(), port.data() + port.size(), number);
  if (port.empty() || error != std::errc() || end != port.data() + port.size() || number < 0 || number > 65535) {
    return "'" + text + "' has no port number 0-65535 after the last ':' (for example " + example + ")";
  }
  auto const host = text.substr(0, colon);
  bool const bracketed = host.front() == '[' && host.back() == ']';
  if (!bracketed && host.find(':') != std::string::npos) {
    return "'" + text + "': write an IPv6 host in brackets, for example [::1]:" + port_example;
  }
  return "";
}

// A host:port flag (empty allowed when it turns something off), its example on `port_example`.
CLI::Validator HostPort(char const* port_example, bool empty_turns_off = false) {
  return CLI::Validator(
      [port_example, empty_turns_off](std::string const& text) {
        return empty_turns_off && text.empty() ? std::string() : HostPortProblem(text, port_example);
      },
      "HOST:PORT");
}

CLI::Validator const kIpAddress(
    [](std::string const& text) {
      unsigned char bytes[16];
      if (inet_pton(AF_INET, text.c_str(), bytes) == 1 || inet_pton(AF_INET6, text.c_str(), bytes) == 1) return std::string();
      return "'" + text + "' is not an IPv4 or IPv6 address (proxies are named by exact address)";
    },
    "ADDRESS");

}  // namespace

ParseResult ParseConfig(int argc, char** argv) {
  Config config;
  auto sweep_interval_ms = config.reservation_sweep_interval.count();
  auto slot_job_interval_s = std::chrono::duration_cast<std::chrono::seconds>(config.slot_job_interval).count();
  auto outbox_poll_ms = config.outbox_poll_interval.count();
  auto retention_hours = config.idempotency_retention.count();
  CLI::App app{"mercatod: the Mercato reference server (catalog, users, orders, payments, "
               "inventory, delivery, analytics over gRPC)",
               "mercatod"};
  app.set_version_flag("--version", MERCATO_VERSION);
  app.add_option("--listen", config.listen_address, "gRPC listen address, host:port")
      ->envname("MERCATO_LISTEN")
      ->check(HostPort("50051"))
      ->capture_default_str();
  app.add_option("--data-dir", config.data_dir,
                 "Directory for the embedded database (used when no --postgres is given)")
      ->envname("MERCATO_DATA_DIR")
      ->capture_default_str();
  app.add_option("--shutdown-grace", config.shutdown_grace_seconds,
                 "Seconds in-flight calls get to finish after SIGTERM")
      ->envname("MERCATO_SHUTDOWN_GRACE")
      ->check(CLI::Range(0, 3600))
      ->capture_default_str();
  app.add_option("--log-level", config.log_level, "trace, debug, info, warn, error")
      ->envname("MERCATO_LOG_LEVEL")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error"}))
      ->capture_default_str();
  app.add_option("--postgres", config.postgres_url,
                 "PostgreSQL connection URL, e.g. postgresql://mercato@127.0.0.1:5432/mercato "
                 "(default: the embedded SQLite store under --data-dir)")
      ->envname("MERCATO_POSTGRES");
  app.add_option("--postgres-pool-size", config.postgres_pool_size, "PostgreSQL connections per instance")
      ->envname("MERCATO_POSTGRES_POOL_SIZE")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  app.add_option("--redis", config.redis_address,
                 "Redis host:port for the shared listing cache (default: in-process cache)")
      ->envname("MERCATO_REDIS")
      ->check(HostPort("6379"));
  app.add_option("--redis-key-prefix", config.redis_key_prefix, "Prefix of every Redis key mercatod writes")
      ->envname("MERCATO_REDIS_KEY_PREFIX")
      ->capture_default_str();
  app.add_option("--kafka", config.kafka_brokers,
                 "Kafka bootstrap servers for domain events (default: in-process event bus)")
      ->envname("MERCATO_KAFKA")
      ->check(CLI::Validator(
          [](std::string const& brokers) {
            for (std::size_t start = 0; start <= brokers.size();) {
              auto const comma = std::min(brokers.find(',', start), brokers.size());
              if (auto problem = HostPortProblem(brokers.substr(start, comma - start), "9092"); !problem.empty()) {
                return problem;
              }
              start = comma + 1;
            }
            return std::string();
          },
          "HOST:PORT,..."));
  app.add_option("--kafka-topic-prefix", config.kafka_topic_prefix,
                 "Prefix of event topics: <prefix>catalog, <prefix>order, ...")
      ->envname("MERCATO_KAFKA_TOPIC_PREFIX")
      ->capture_default_str();
  app.add_option("--service-token", config.service_token,
                 "Static bearer token of a service account (service role: may run the shop); at least 16 "
                 "characters")
      ->envname("MERCATO_SERVICE_TOKEN")
      // It grants the shop's every right and is checked on every call: it must not be guessable.
      ->check(CLI::Validator(
          [](std::string const& token) {
            return token.empty() || token.size() >= 16
                       ? std::string()
                       : "a service token of " + std::to_string(token.size()) +
                             " characters is guessable; use at least 16 (e.g. head -c 24 /dev/urandom | base64)";
          },
          "TOKEN"));
  app.add_option("--user-rate-burst", config.user_rate_burst, "Requests a signed-in caller may burst")
      ->envname("MERCATO_USER_RATE_BURST")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  app.add_option("--anonymous-rate-burst", config.anonymous_rate_burst, "Requests an anonymous client IP may burst")
      ->envname("MERCATO_ANONYMOUS_RATE_BURST")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  app.add_option("--max-watch-streams-per-caller", config.watch_streams_per_caller,
                 "WatchChanges streams one signed-in user or anonymous client address may hold open")
      ->envname("MERCATO_MAX_WATCH_STREAMS_PER_CALLER")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  app.add_option("--max-watch-streams-per-address", config.watch_streams_per_address,
                 "WatchChanges streams one client address may hold open, whatever accounts it signs in with")
      ->envname("MERCATO_MAX_WATCH_STREAMS_PER_ADDRESS")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  app.add_option("--max-watch-streams", config.watch_streams_total,
                 "WatchChanges streams this instance holds open in all")
      ->envname("MERCATO_MAX_WATCH_STREAMS")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  app.add_flag("!--no-coalesce-reservations", config.coalesce_reservations,
               "Give every reservation and slot booking or hold its own transaction instead of group-committing "
               "those of one hot item or slot")
      ->envname("MERCATO_NO_COALESCE_RESERVATIONS");
  app.add_option("--reservation-sweep-interval-ms", sweep_interval_ms,
                 "Milliseconds between looks for expired reservations and slot holds to release")
      ->envname("MERCATO_RESERVATION_SWEEP_INTERVAL_MS")
      ->check(CLI::Range(10, 600000))
      ->capture_default_str();
  app.add_option("--slot-horizon-days", config.slot_horizon_days,
                 "Days ahead each zone's slot template is kept created by the slot job (0: off)")
      ->envname("MERCATO_SLOT_HORIZON_DAYS")
      ->check(CLI::Range(0, 62))
      ->capture_default_str();
  app.add_option("--slot-job-interval-s", slot_job_interval_s,
                 "Seconds between an instance's tries to run the slot job (one instance runs it at a time)")
      ->envname("MERCATO_SLOT_JOB_INTERVAL_S")
      ->check(CLI::Range(1, 86400))
      ->capture_default_str();
  app.add_option("--default-currency", config.default_currency_code,
                 "ISO 4217 currency of a cart created without one")
      ->envname("MERCATO_DEFAULT_CURRENCY")
      ->check([](std::string const& code) {
        return domain::IsCurrencyCode(code) ? std::string() : "'" + code + "' is not an ISO 4217 currency code";
      })
      ->capture_default_str();
  app.add_option("--payment-provider", config.payment_provider,
                 "test (built in: Stripe's test token names, no network) or stripe")
      ->envname("MERCATO_PAYMENT_PROVIDER")
      ->check(CLI::IsMember({"test", "stripe"}))
      ->capture_default_str();
  app.add_option("--stripe-api-base", config.stripe_api_base, "Stripe's API address (stripe-mock's in tests)")
      ->envname("MERCATO_STRIPE_API_BASE")
      ->capture_default_str();
  app.add_option("--stripe-secret-key", config.stripe_secret_key,
                 "Stripe secret key for --payment-provider stripe (prefer the environment variable)")
      ->envname("MERCATO_STRIPE_SECRET_KEY");
  app.add_option("--webhook-listen", config.webhook_address,
                 "host:port for the payment provider's webhooks, POST /webhooks/stripe (empty: off)")
      ->envname("MERCATO_WEBHOOK_LISTEN")
      ->check(HostPort("8080", true));
  app.add_option("--stripe-webhook-secret", config.stripe_webhook_secret,
                 "Signing secret (whsec_...) of the Stripe webhook endpoint (prefer the environment variable)")
      ->envname("MERCATO_STRIPE_WEBHOOK_SECRET");
  auto provider_deadline_ms = config.payment_provider_deadline.count();
  app.add_option("--payment-provider-deadline-ms", provider_deadline_ms,
                 "Milliseconds a payment provider call may take before its outcome counts as unknown")
      ->envname("MERCATO_PAYMENT_PROVIDER_DEADLINE_MS")
      ->check(CLI::Range(10, 120000))
      ->capture_default_str();
  app.add_option("--test-provider-lost-answer-percent", config.test_provider_lost_answer_percent,
                 "Percent of the built-in test provider's first answers lost after it acted (fault drills)")
      ->envname("MERCATO_TEST_PROVIDER_LOST_ANSWER_PERCENT")
      ->check(CLI::Range(0, 100))
      ->capture_default_str();
  auto key_lifetime_ms = config.test_provider_key_lifetime.count();
  app.add_option("--test-provider-key-lifetime-ms", key_lifetime_ms,
                 "Milliseconds the built-in test provider remembers an idempotency key, as Stripe does for 24 h "
                 "(fault drills; 0: for the process's life)")
      ->envname("MERCATO_TEST_PROVIDER_KEY_LIFETIME_MS")
      ->check(CLI::Range(std::int64_t{0}, std::int64_t{7} * 24 * 3600 * 1000))
      ->capture_default_str();
  auto reconcile_interval_ms = config.payment_reconcile_interval.count();
  app.add_option("--payment-reconcile-interval-ms", reconcile_interval_ms,
                 "Milliseconds between two passes of each instance's payment reconciler, checkout recovery and "
                 "order payment follow-up")
      ->envname("MERCATO_PAYMENT_RECONCILE_INTERVAL_MS")
      ->check(CLI::Range(10, 3600000))
      ->capture_default_str();
  auto reconcile_after_ms = config.payment_reconcile_after.count();
  app.add_option("--payment-reconcile-after-ms", reconcile_after_ms,
                 "Milliseconds a payment call stays PENDING before the reconciler asks the provider about it "
                 "(longer than the provider deadline)")
      ->envname("MERCATO_PAYMENT_RECONCILE_AFTER_MS")
      ->check(CLI::Range(10, 3600000))
      ->capture_default_str();
  auto checkout_retry_ms = config.checkout_retry_after.count();
  app.add_option("--checkout-retry-after-ms", checkout_retry_ms,
                 "Milliseconds a checkout may wait between its first and last step (a crash, a payment "
                 "provider that did not answer) before the recovery worker takes it on")
      ->envname("MERCATO_CHECKOUT_RETRY_AFTER_MS")
      ->check(CLI::Range(10, 3600000))
      ->capture_default_str();
  app.add_option("--payment-reconcile-batch", config.payment_reconcile_batch,
                 "PENDING payment calls each instance asks the provider about per reconcile interval")
      ->envname("MERCATO_PAYMENT_RECONCILE_BATCH")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();
  app.add_option("--outbox-poll-interval-ms", outbox_poll_ms,
                 "Milliseconds between looks for outbox events no notification announced (a safety net: "
                 "commits and PostgreSQL notifications wake the relay and change streams at once)")
      ->envname("MERCATO_OUTBOX_POLL_INTERVAL_MS")
      ->check(CLI::Range(10, 3600000))
      ->capture_default_str();
  app.add_option("--outbox-batch-size", config.outbox_batch_size,
                 "Outbox events the relay sequences and publishes per step")
      ->envname("MERCATO_OUTBOX_BATCH_SIZE")
      ->check(CLI::Range(1, 5000))
      ->capture_default_str();
  app.add_option("--idempotency-retention-hours", retention_hours,
                 "Hours a request_id is remembered (at least 24, longer than any client retries)")
      ->envname("MERCATO_IDEMPOTENCY_RETENTION_HOURS")
      ->check(CLI::Range(24, 24 * 90))
      ->capture_default_str();
  app.add_option("--trusted-proxy", config.trusted_proxies,
                 "Address of a load balancer whose x-forwarded-for names the client for per-IP limits "
                 "(repeat, or comma-separate; default: none, the peer is the client)")
      ->envname("MERCATO_TRUSTED_PROXIES")
      ->delimiter(',')
      ->check(kIpAddress);
  app.add_option("--metrics-listen", config.metrics_address,
                 "host:port of the Prometheus /metrics endpoint (empty: off)")
      ->envname("MERCATO_METRICS_LISTEN")
      ->check(HostPort("9464", true))
      ->capture_default_str();
  app.add_option("--bootstrap-staff", config.bootstrap_staff,
                 "EMAIL:PASSWORD of a staff account to create or promote at start-up (the first operator)")
      ->envname("MERCATO_BOOTSTRAP_STAFF");
  app.add_flag("!--no-seed", config.seed_demo_catalog,
               "Do not seed the demo catalog and delivery zones into an empty store")
      ->envname("MERCATO_NO_SEED");
  app.add_option("--log-format", config.log_format, "json (one object per line, with request ids) or text")
      ->envname("MERCATO_LOG_FORMAT")
      ->check(CLI::IsMember({"json", "text"}))
      ->capture_default_str();
  try {
    app.parse(argc, argv);
  } catch (CLI::ParseError const& e) {
    // CLI11 prints the message and names its own codes (105, 114, ...); a usage error exits 2, as
    // command-line tools do, and --help 0.
    return ExitNow{app.exit(e) == 0 ? 0 : 2};
  }
  config.reservation_sweep_interval = std::chrono::milliseconds(sweep_interval_ms);
  config.slot_job_interval = std::chrono::seconds(slot_job_interval_s);
  config.outbox_poll_interval = std::chrono::milliseconds(outbox_poll_ms);
  config.payment_provider_deadline = std::chrono::milliseconds(provider_deadline_ms);
  config.payment_reconcile_interval = std::chrono::milliseconds(reconcile_interval_ms);
  config.payment_reconcile_after = std::chrono::milliseconds(reconcile_after_ms);
  config.checkout_retry_after = std::chrono::milliseconds(checkout_retry_ms);
  config.test_provider_key_lifetime = std::chrono::milliseconds(key_lifetime_ms);
  config.idempotency_retention = std::chrono::hours(retention_hours);
  return config;
}

}  // namespace mercato::server
