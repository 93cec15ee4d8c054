// A small HTTP listener (cpp-httplib) on its own threads, for what is not gRPC: the Prometheus
// /metrics endpoint and the payment provider's webhooks. Routes match exact paths; anything else
// is 404, a body over the limit 413.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace httplib {
class Server;
}

namespace mercato::adapters {

class HttpServer {
 public:
  struct Request {
    std::string const& body;
    std::function<std::string(char const* name)> header;  // "" when absent
  };
  struct Response {
    int status = 200;
    std::string body;
    std::string content_type = "text/plain";
  };
  struct Route {
    std::string method;  // "GET" or "POST"
    std::string path;
    std::function<Response(Request const&)> handle;
  };

  // `address` is "host:port" (port 0 picks a free one). Throws std::runtime_error when it
  // cannot listen.
  HttpServer(std::string const& address, std::vector<Route> routes, std::size_t max_body_bytes = 1 << 20);
  ~HttpServer();
  HttpServer(HttpServer const&) = delete;
  HttpServer& operator=(HttpServer const&) = delete;

  int port() const { return port_; }

 private:
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace mercato::adapters
