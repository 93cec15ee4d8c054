// GetProduct against the same seeded, embedded mercatod (started in-process on a free loopback
// port), each case beside its peer: the SDK answering from its local cache vs a
// std::unordered_map::find plus a copy of the shared_ptr it holds (the same product, the same key);
// the SDK with the cache off (a gRPC round trip with retries and error decoding) vs the plain
// generated stub. Prints ns/op and the ratios.
//
//   catalog_get_bench [iterations]   (default 20000; the in-memory cases run 100x as many)
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "mercato/client.h"
#include "mercato/v1/catalog.grpc.pb.h"
#include "server/app/mercato_server.h"

namespace {

constexpr int kRounds = 5;

double NanosPerOp(int iterations, std::function<bool()> const& op) {
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

// The median ns/op of each of `ops` over kRounds rounds of iterations / kRounds calls, the ops
// taking turns round by round so that a busy machine slows them alike; each first warms up with
// iterations / 10 + 1 calls.
std::vector<double> MedianNanosPerOp(int iterations, std::vector<std::function<bool()>> const& ops) {
  for (auto const& op : ops) {
    for (int i = 0; i < iterations / 10 + 1; ++i) op();
  }
  std::vector<std::vector<double>> rounds(ops.size());
  for (int round = 0; round < kRounds; ++round) {
    for (std::size_t i = 0; i < ops.size(); ++i) rounds[i].push_back(NanosPerOp(iterations / kRounds, ops[i]));
  }
  std::vector<double> medians;
  for (auto& samples : rounds) {
    std::sort(samples.begin(), samples.end());
    medians.push_back(samples[samples.size() / 2]);
  }
  return medians;
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

  auto const filled = cached.GetProduct(product_id);  // a miss: fills the cache
  if (!filled) {
    std::fprintf(stderr, "GetProduct failed: %s\n", filled.status().message().c_str());
    return 1;
  }
  std::unordered_map<std::string, mercato::Shared<mercato::v1::Product>> map{{product_id, *filled}};
  auto const before = cached.cache_stats();
  auto const sdk_hit = [&] { return cached.GetProduct(product_id).ok(); };
  auto const map_hit = [&] {
    auto it = map.find(product_id);
    mercato::Shared<mercato::v1::Product> copy = it->second;
    return copy != nullptr;
  };
  auto const in_memory = MedianNanosPerOp(iterations * 100, {sdk_hit, map_hit});
  auto const hits = cached.cache_stats().hits - before.hits;

  auto const sdk_trip = [&] { return uncached.GetProduct(product_id).ok(); };
  auto const stub_trip = [&] {
    grpc::ClientContext context;
    mercato::v1::GetProductRequest request;
    request.set_product_id(product_id);
    mercato::v1::GetProductResponse response;
    return stub->GetProduct(&context, request, &response).ok();
  };
  auto const round_trip = MedianNanosPerOp(iterations, {sdk_trip, stub_trip});
  double const sdk_cached = in_memory[0];
  double const map_find = in_memory[1];
  double const sdk_uncached = round_trip[0];
  double const plain = round_trip[1];

  std::printf("GetProduct, %d iterations (in-memory cases: %d), median of %d interleaved rounds, one seeded "
              "embedded mercatod on loopback\n",
              iterations, iterations * 100, kRounds);
  std::printf("%-44s %12s %12s\n", "case", "ns/op", "ratio");
  std::printf("%-44s %12.0f %12s\n", "(a) SDK, local cache hit", sdk_cached, "");
  std::printf("%-44s %12.0f   a/d %6.2f\n", "(d) unordered_map::find + shared_ptr copy", map_find, sdk_cached / map_find);
  std::printf("%-44s %12.0f   b/c %6.3f\n", "(b) SDK, cache off (gRPC round trip)", sdk_uncached, sdk_uncached / plain);
  std::printf("%-44s %12.0f\n", "(c) plain generated gRPC stub", plain);
  // The warm-up's calls and every round's.
  auto const expected_hits =
      static_cast<std::uint64_t>(iterations * 10 + 1 + iterations * 100 / kRounds * kRounds);
  std::printf("(a) answered from the cache: %llu of %llu calls\n", static_cast<unsigned long long>(hits),
              static_cast<unsigned long long>(expected_hits));
  // The cache empties itself once when its change stream comes up, which may fall in the run.
  if (hits * 100 < expected_hits * 99) return 1;

  (*server)->Shutdown(std::chrono::milliseconds(1000));
  std::filesystem::remove_all(data_dir);
  return 0;
}
