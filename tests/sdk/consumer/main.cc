// Builds a Client against a port nothing listens on and expects UNAVAILABLE, quickly.
#include <mercato/client.h>

#include <iostream>

int main() {
  mercato::Options options;
  options.endpoint = "127.0.0.1:1";
  options.retry.max_attempts = 1;
  options.cache.enabled = false;
  auto product = mercato::Client(options).catalog().GetProduct("p1");
  std::cout << product.status() << "\n";
  return product.status().code() == mercato::StatusCode::kUnavailable ? 0 : 1;
}
