// mercatod's configuration: every setting has a flag and an environment variable, flags win.
#pragma once

#include <chrono>
#include <string>
#include <variant>
#include <vector>

namespace mercato::server {

struct Config {
  std::string listen_address = "127.0.0.1:50051";
  std::string data_dir = "./mercato-data";
  int shutdown_grace_seconds = 10;
  std::string log_level = "info";
  std::string log_format = "json";  // json (one object per line) or text
  // Production backends; each empty one falls back to its embedded counterpart.
  std::string postgres_url;
  int postgres_pool_size = 8;
  std::string redis_address;
  std::string redis_key_prefix = "mercato:";
  std::string kafka_brokers;
  std::string kafka_topic_prefix = "mercato.";
  // Interim staff credential until the identity service lands; empty disables catalog writes.
  std::string service_token;
  bool seed_demo_catalog = true;
  // "email:password" of a staff account to create (or promote) at start-up; empty: none.
  std::string bootstrap_staff;
  // Per-principal request rate limits (GCRA): burst, then one request per interval.
  int user_rate_burst = 200;
  std::chrono::milliseconds user_rate_interval{10};
  int anonymous_rate_burst = 100;
  std::chrono::milliseconds anonymous_rate_interval{20};
  // CatalogService.WatchChanges streams one caller (user, or client address when anonymous), and
  // all callers together, may hold open on this instance.
  int watch_streams_per_caller = 32;
  int watch_streams_per_address = 256;  // whatever accounts the address signs in with
  int watch_streams_total = 10'000;
  // Group-commit concurrent reservations of one stock item and claims on one delivery slot
  // (SqlInventoryStore, SqlSlotStore).
  bool coalesce_reservations = true;
  // How often each instance looks for expired reservations and slot holds to release.
  std::chrono::milliseconds reservation_sweep_interval{1000};
  // Days ahead the slot horizon job keeps each zone's template windows created; 0 turns it off.
  int slot_horizon_days = 14;
  // How often each instance tries to run that job (one runs at a time, under a lease lock).
  std::chrono::milliseconds slot_job_interval{std::chrono::minutes(10)};
  // The payment provider: "test" (built in, no network) or "stripe" (PaymentIntents at
  // stripe_api_base with stripe_secret_key).
  std::string payment_provider = "test";
  // ISO 4217 currency of a cart created without one.
  std::string default_currency_code = "GBP";
  std::string stripe_api_base = "https://api.stripe.com";
  std::string stripe_secret_key;
  // host:port of the HTTP listener for the provider's webhooks (POST /webhooks/stripe; empty:
  // off), and the signing secret (whsec_...) their Stripe-Signature is checked with.
  std::string webhook_address;
  std::string stripe_webhook_secret;
  // How long a payment provider call may take before its outcome counts as unknown (the row stays
  // PENDING for the reconciler); the test provider's tok_mercatoSlow answers after this.
  std::chrono::milliseconds payment_provider_deadline{std::chrono::seconds(10)};
  // Percent of the test provider's first answers lost after it acted (the unknown-outcome proof).
  int test_provider_lost_answer_percent = 0;
  // How long the test provider remembers an idempotency key (Stripe: 24 h); 0: for the process's life.
  std::chrono::milliseconds test_provider_key_lifetime{0};
  // How often each instance asks the provider about calls left PENDING (and runs checkout recovery
  // and the order payment follow-up), and how old a call must be.
  std::chrono::milliseconds payment_reconcile_interval{std::chrono::seconds(5)};
  std::chrono::milliseconds payment_reconcile_after{std::chrono::seconds(30)};
  // PENDING calls each instance asks about per interval.
  int payment_reconcile_batch = 100;
  // How long a checkout may stay between its first and last step (a crash, a provider that did
  // not answer) before the recovery worker, which runs every payment_reconcile_interval, takes it
  // on; also how long the worker waits between two attempts on one checkout.
  std::chrono::milliseconds checkout_retry_after{std::chrono::seconds(30)};
  // How often the outbox relay and the change feed look for events nobody told them of. A commit
  // wakes its own instance's relay, and PostgreSQL notifies every instance of sequenced events, so
  // this only bounds the delay when a wake-up was lost (an instance died between commit and
  // sequencing, the listener was reconnecting).
  std::chrono::milliseconds outbox_poll_interval{1000};
  // Events the outbox relay sequences, and publishes to the sink, per step.
  int outbox_batch_size = 200;
  // How long idempotency keys are kept (a retry within it returns the first result).
  std::chrono::hours idempotency_retention{48};
  // Load balancers in front of mercatod (exact addresses): their x-forwarded-for names the client
  // for per-IP limits. Empty: the peer address is the client.
  std::vector<std::string> trusted_proxies;
  // Prometheus /metrics over HTTP; empty disables it.
  std::string metrics_address = "127.0.0.1:9464";
};

// What parsing the command line decided: run with a config, or exit now with a code
// (after --help, --version or a usage error, which CLI11 has already printed).
struct ExitNow {
  int code;
};
using ParseResult = std::variant<Config, ExitNow>;

ParseResult ParseConfig(int argc, char** argv);

}  // namespace mercato::server
