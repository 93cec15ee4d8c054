#include "server/adapters/http/http_server.h"

#include <httplib.h>

#include <chrono>
#include <stdexcept>

namespace mercato::adapters {

HttpServer::HttpServer(std::string const& address, std::vector<Route> routes, std::size_t max_body_bytes)
    : server_(std::make_unique<httplib::Server>()) {
  for (auto& route : routes) {
    auto handler = [handle = std::move(route.handle)](httplib::Request const& request, httplib::Response& response) {
      auto const answer = handle(Request{request.body, [&request](char const* name) {
                                           return request.get_header_value(name);
                                         }});
      response.status = answer.status;
      response.set_content(answer.body, answer.content_type);
    };
    if (route.method == "GET") {
      server_->Get(route.path, std::move(handler));
    } else if (route.method == "POST") {
      server_->Post(route.path, std::move(handler));
    } else {
      throw std::invalid_argument("HttpServer serves GET and POST, not " + route.method);
    }
  }
  server_->set_payload_max_length(max_body_bytes);
  // httplib's default also sets SO_REUSEPORT, which would let a second mercatod share the port.
  server_->set_socket_options([](socket_t socket) {
    int const yes = 1;
    setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  auto const colon = address.rfind(':');
  if (colon == std::string::npos) throw std::invalid_argument("an HTTP address must be host:port, got " + address);
  std::string const host = address.substr(0, colon);
  int const requested = std::stoi(address.substr(colon + 1));
  port_ = requested == 0 ? server_->bind_to_any_port(host) : (server_->bind_to_port(host, requested) ? requested : -1);
  if (port_ <= 0) throw std::runtime_error("cannot listen for HTTP on " + address);
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  // stop() before the loop runs would be lost, and the destructor would wait for ever.
  while (!server_->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

HttpServer::~HttpServer() {
  server_->stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace mercato::adapters
