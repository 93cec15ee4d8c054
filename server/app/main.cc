// mercatod entry point: parse the configuration, then run the server.
#include <sodium.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <exception>
#include <variant>

#include "server/app/config.h"
#include "server/app/json_log_formatter.h"
#include "server/app/mercato_server.h"
#include "server/app/shutdown_signal.h"

int main(int argc, char** argv) {
  mercato::server::BlockShutdownSignals();
  auto parsed = mercato::server::ParseConfig(argc, argv);
  if (auto const* exit_now = std::get_if<mercato::server::ExitNow>(&parsed)) {
    return exit_now->code;
  }
  auto const& config = std::get<mercato::server::Config>(parsed);
  // Logs go to stderr: stdout carries only the "listening on port" line that scripts read.
  spdlog::set_default_logger(spdlog::stderr_color_mt("mercatod"));
  if (config.log_format == "json") spdlog::set_formatter(std::make_unique<mercato::server::JsonLogFormatter>());
  if (sodium_init() < 0) {
    spdlog::error("libsodium failed to initialise");
    return 1;
  }
  spdlog::set_level(spdlog::level::from_str(config.log_level));
  try {
    return mercato::server::RunServer(config);
  } catch (std::exception const& e) {
    // Every known start-up fault is reported with its flag before this; this line keeps an
    // unforeseen one from ending in "terminate called" and a core dump.
    spdlog::error("mercatod stopped on an unexpected error: {}", e.what());
    return 1;
  }
}
