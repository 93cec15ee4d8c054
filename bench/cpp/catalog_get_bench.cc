// GetProduct three ways against the same seeded, embedded mercatod (started in-process on a free
// loopback port): the SDK answering from its local cache, the SDK with the cache off (a gRPC round
// trip with retries and error decoding), and the plain generated stub as the peer. Prints ns/op
// and each one's ratio to the plain stub.
//
//   catalog_get_bench [iterations]   (default 20000; the cache-hit case runs 100x as many)
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <random>
#include <string>

#include "mercato/client.h"
#include "mercato/v1/catalog.grpc.pb.h"
#include "server/app/mercato_server.h"

namespace {

double NanosPerOp(int iterations, std::function<bool()> const& op) {
  for (int i = 0; i < iterations / 10 + 1; ++i) op();  // warm-up
  auto const start = std::chrono::steady_clock::now();
  for (int i = 0; i < iterations; ++i) {
    if (!op()) {
      std::fprintf(stderr, "a call failed during the benchmark\n");
      std::exit(1);
    }
  }
  auto const elapsed = std::chrono::steady_clock::now() - start;
  return static_cast<double>(std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed).count()) / iterations;
}

}  // namespace

int main(int argc, char** argv) {
  int const iterations = argc > 1 ? std::atoi(argv[1]) : 20000;
  auto const data_dir =
      std::filesystem::temp_directory_path() / ("mercato-bench-" + std::to_string(std::random_device{}()));
  mercato::server::Config config;
  config.listen_address = "127.0.0.1:0";
  config.data_dir = data_dir.string();
  // The benchmark measures the call path, not the limiter: one client makes every call, so its
  // budget must outlast the run (the default anonymous burst is 100 calls).
  config.anonymous_rate_burst = 1'000'000;
  config.metrics_address = "";
  auto server = mercato::server::MercatoServer::Start(config);
  if (!server) {
    std::fprintf(stderr, "mercatod did not start: %s\n", server.error().message.c_str());
    return 1;
  }
  std::string const endpoint = "127.0.0.1:" + std::to_string((*server)->port());

  mercato::Options cached_options;
  cached_options.endpoint = endpoint;
  auto cached = mercato::Client(cached_options).catalog();
  mercato::Options uncached_options = cached_options;
  uncached_options.cache.enabled = false;
  auto uncached = mercato::Client(uncached_options).catalog();
  auto stub = mercato::v1::CatalogService::NewStub(grpc::CreateChannel(endpoint, grpc::InsecureChannelCredentials()));

  mercato::v1::ListProductsRequest first;
  first.set_page_size(1);
  std::string product_id;
  for (auto const& product : cached.ListProducts(first)) {
    if (product.ok()) product_id = product->id();
    break;
  }
  if (product_id.empty()) {
    std::fprintf(stderr, "the demo catalog is empty\n");
    return 1;
  }

  double const plain = NanosPerOp(iterations, [&] {
    grpc::ClientContext context;
    mercato::v1::GetProductRequest request;
    request.set_product_id(product_id);
    mercato::v1::GetProductResponse response;
    return stub->GetProduct(&context, request, &response).ok();
  });
  double const sdk_uncached = NanosPerOp(iterations, [&] { return uncached.GetProduct(product_id).ok(); });
  double const sdk_cached = NanosPerOp(iterations * 100, [&] { return cached.GetProduct(product_id).ok(); });

  std::printf("GetProduct, %d iterations (cache hit: %d), one seeded embedded mercatod on loopback\n", iterations,
              iterations * 100);
  std::printf("%-34s %14s %16s\n", "client", "ns/op", "vs plain stub");
  std::printf("%-34s %14.0f %15.2fx\n", "plain generated gRPC stub", plain, 1.0);
  std::printf("%-34s %14.0f %15.2fx\n", "SDK, cache off (gRPC round trip)", sdk_uncached, sdk_uncached / plain);
  std::printf("%-34s %14.0f %15.5fx\n", "SDK, local cache hit", sdk_cached, sdk_cached / plain);

  (*server)->Shutdown(std::chrono::milliseconds(1000));
  std::filesystem::remove_all(data_dir);
  return 0;
}
