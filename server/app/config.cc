// Builds Config from flags and MERCATO_* environment variables with CLI11.
#include "server/app/config.h"

#include <CLI/CLI.hpp>

namespace mercato::server {

ParseResult ParseConfig(int argc, char** argv) {
  Config config;
  CLI::App app{"mercatod: the Mercato reference server (catalog, users, orders, payments, "
               "inventory, delivery, analytics over gRPC)",
               "mercatod"};
  app.set_version_flag("--version", MERCATO_VERSION);
  app.add_option("--listen", config.listen_address, "gRPC listen address, host:port")
      ->envname("MERCATO_LISTEN")
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
  try {
    app.parse(argc, argv);
  } catch (CLI::ParseError const& e) {
    return ExitNow{app.exit(e)};
  }
  return config;
}

}  // namespace mercato::server
