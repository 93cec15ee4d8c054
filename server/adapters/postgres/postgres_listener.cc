#include "server/adapters/postgres/postgres_listener.h"

#include <poll.h>
#include <spdlog/spdlog.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <set>
#include <stdexcept>

#include "server/adapters/postgres/postgres_connection.h"

namespace mercato::adapters {

PostgresListener::PostgresListener(std::string conninfo, Handlers handlers, std::chrono::milliseconds retry)
    : conninfo_(std::move(conninfo)), handlers_(std::move(handlers)), retry_(retry) {
  stop_event_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (stop_event_ < 0) throw std::runtime_error("PostgresListener: eventfd failed");
}

PostgresListener::~PostgresListener() {
  Stop();
  close(stop_event_);
}

void PostgresListener::Start() {
  std::lock_guard lock(lifecycle_);
  if (!thread_.joinable()) thread_ = std::thread([this] { Run(); });
}

void PostgresListener::Stop() {
  std::lock_guard lock(lifecycle_);
  stopping_ = true;
  std::uint64_t const one = 1;
  [[maybe_unused]] auto const written = write(stop_event_, &one, sizeof one);
  if (thread_.joinable()) thread_.join();
}

bool PostgresListener::Wait(int fd, int timeout_ms) {
  pollfd fds[2] = {{stop_event_, POLLIN, 0}, {fd, POLLIN, 0}};
  int const ready = poll(fds, fd < 0 ? 1 : 2, timeout_ms);
  return ready > 0 && !stopping_ && fd >= 0 && (fds[1].revents & (POLLIN | POLLERR | POLLHUP)) != 0;
}

void PostgresListener::Run() {
  while (!stopping_) {
    ListenUntilBroken();
    if (!stopping_) Wait(-1, static_cast<int>(retry_.count()));
  }
}

void PostgresListener::ListenUntilBroken() {
  // No statement timeout: LISTEN returns at once, and the connection then only waits.
  auto connection = PostgresConnection::Connect(conninfo_, {.connect_timeout = std::chrono::seconds(2),
                                                            .statement_timeout = std::chrono::milliseconds(0),
                                                            .search_path = ""});
  if (!connection) {
    spdlog::debug("outbox listener: {}", connection.error().message);
    return;
  }
  for (auto const& [channel, handler] : handlers_) {
    if (auto listened = (*connection)->Exec("LISTEN " + channel, {}); !listened) {
      spdlog::warn("outbox listener: LISTEN {} failed: {}", channel, listened.error().message);
      return;
    }
  }
  spdlog::info("outbox listener: told of other instances' events by PostgreSQL notifications");
  RunEveryHandler();  // whatever was notified while this connection was not listening
  while (Wait((*connection)->socket(), -1)) {
    auto channels = (*connection)->TakeNotifications();
    if (!channels) {
      spdlog::warn("outbox listener: {}; polling until it reconnects", channels.error().message);
      break;
    }
    // A burst of commits is one wake-up per channel.
    for (auto const& channel : std::set<std::string>(channels->begin(), channels->end())) {
      if (auto handler = handlers_.find(channel); handler != handlers_.end()) handler->second();
    }
  }
}

void PostgresListener::RunEveryHandler() {
  for (auto const& [channel, handler] : handlers_) handler();
}

}  // namespace mercato::adapters
