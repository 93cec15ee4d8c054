// Serves GET /metrics (Prometheus text) over HTTP with cpp-httplib, on its own thread.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <thread>

namespace httplib {
class Server;
}

namespace mercato::adapters {

class MetricsHttpServer {
 public:
  // `address` is "host:port" (port 0 picks a free one). Throws std::runtime_error when it
  // cannot listen.
  MetricsHttpServer(std::string const& address, std::function<std::string()> render);
  ~MetricsHttpServer();
  MetricsHttpServer(MetricsHttpServer const&) = delete;
  MetricsHttpServer& operator=(MetricsHttpServer const&) = delete;

  int port() const { return port_; }

 private:
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace mercato::adapters
