// One route; everything else is 404.
#include "server/adapters/http/metrics_http_server.h"

#include <httplib.h>

#include <stdexcept>

namespace mercato::adapters {

MetricsHttpServer::MetricsHttpServer(std::string const& address, std::function<std::string()> render)
    : server_(std::make_unique<httplib::Server>()) {
  server_->Get("/metrics", [render = std::move(render)](httplib::Request const&, httplib::Response& response) {
    response.set_content(render(), "text/plain; version=0.0.4");
  });
  // httplib's default also sets SO_REUSEPORT, which would let a second mercatod share the port.
  server_->set_socket_options([](socket_t socket) {
    int const yes = 1;
    setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  auto const colon = address.rfind(':');
  if (colon == std::string::npos) throw std::invalid_argument("metrics address must be host:port, got " + address);
  std::string const host = address.substr(0, colon);
  int const requested = std::stoi(address.substr(colon + 1));
  port_ = requested == 0 ? server_->bind_to_any_port(host) : (server_->bind_to_port(host, requested) ? requested : -1);
  if (port_ <= 0) throw std::runtime_error("cannot listen for /metrics on " + address);
  thread_ = std::thread([this] { server_->listen_after_bind(); });
}

MetricsHttpServer::~MetricsHttpServer() {
  server_->stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace mercato::adapters
