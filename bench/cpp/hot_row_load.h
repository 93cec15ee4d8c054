// The load the hot-row benchmarks put on a running mercatod (one hot SKU, one hot slot): N client
// threads, each on its own channel (its own HTTP/2 connection, as separate checkout instances
// would have), call one RPC with a fresh request_id per call until the time is up; a client may
// ready each call with an untimed step first (a checkout's cart line). Prints one line, key=value,
// that a person reads and the run.sh scripts parse:
//   calls_per_s=... p50_ms=... p99_ms=... calls=... clients=... seconds=...
// The stubs are the generated ones, so that the SDK's retry loop is not part of what is measured.
#pragma once

#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <future>
#include <latch>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace mercato::bench {

using Clock = std::chrono::steady_clock;

struct HotRowSettings {
  std::string address;
  std::string token;
  int clients = 16;
  int seconds = 10;
};

// `<host:port> [clients=16] [seconds=10]` and MERCATO_SERVICE_TOKEN; nullopt after printing usage.
inline std::optional<HotRowSettings> ParseHotRowArgs(int argc, char** argv) {
  HotRowSettings settings;
  char const* token = std::getenv("MERCATO_SERVICE_TOKEN");
  if (argc < 2 || token == nullptr) {
    std::fprintf(stderr, "usage: MERCATO_SERVICE_TOKEN=<token> %s <host:port> [clients=16] [seconds=10]\n", argv[0]);
    return std::nullopt;
  }
  settings.address = argv[1];
  settings.token = token;
  if (argc > 2) settings.clients = std::atoi(argv[2]);
  if (argc > 3) settings.seconds = std::atoi(argv[3]);
  if (settings.clients < 1 || settings.seconds < 1) {
    std::fprintf(stderr, "clients and seconds must be at least 1\n");
    return std::nullopt;
  }
  return settings;
}

inline std::shared_ptr<grpc::Channel> OwnChannel(std::string const& address) {
  // Channels with equal arguments share one connection through gRPC's global subchannel pool; a
  // local pool gives each client its own.
  grpc::ChannelArguments arguments;
  arguments.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  return grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), arguments);
}

inline void Authorize(grpc::ClientContext& context, HotRowSettings const& settings) {
  context.AddMetadata("authorization", "Bearer " + settings.token);
}

// One client's call: sends the RPC with `request_id` on `context` (already authorized).
using HotCall = std::function<grpc::Status(grpc::ClientContext& context, std::string const& request_id)>;
// Makes a client's call over its own channel.
using MakeHotCall = std::function<HotCall(std::shared_ptr<grpc::Channel> channel)>;

// A client that readies each call: `prepare` (untimed; may be empty; it authorizes its own calls)
// runs before each `call`, which is timed and carries `token` (empty: the service token).
struct HotClient {
  std::function<grpc::Status(std::string const& request_id)> prepare;
  HotCall call;
  std::string token;
};
// Makes client number `client`'s HotClient over its own channel; nullopt after printing why not.
using MakeHotClient = std::function<std::optional<HotClient>(std::shared_ptr<grpc::Channel> channel, int client)>;

namespace detail {

// Latencies in nanoseconds of the calls one client made inside the measured window.
struct ClientRun {
  std::vector<std::int64_t> latencies;
  std::string failure;
};

// Sets the client up (its connection included), counts `ready` down, and calls from the start
// `go` gives until `seconds` later.
inline void RunClient(HotRowSettings const& settings, MakeHotClient const& make_client, int client,
                      std::latch& ready, std::shared_future<Clock::time_point> go, ClientRun& run) {
  auto channel = OwnChannel(settings.address);
  channel->WaitForConnected(std::chrono::system_clock::now() + std::chrono::seconds(10));
  auto made = make_client(channel, client);
  ready.count_down();
  auto const start = go.get();
  auto const end = start + std::chrono::seconds(settings.seconds);
  if (!made) {
    run.failure = "the client could not be set up";
    return;
  }
  auto const token = made->token.empty() ? settings.token : made->token;
  std::string const prefix = "bench-" + std::to_string(Clock::now().time_since_epoch().count()) + "-" +
                             std::to_string(client) + "-";
  std::this_thread::sleep_until(start);
  for (std::int64_t n = 0; Clock::now() < end; ++n) {
    auto const request_id = prefix + std::to_string(n);
    if (made->prepare) {
      if (auto const status = made->prepare(request_id + "-prepare"); !status.ok()) {
        run.failure = status.error_message();
        return;
      }
    }
    auto const began = Clock::now();
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + token);
    if (auto const status = made->call(context, request_id); !status.ok()) {
      run.failure = status.error_message();
      return;
    }
    run.latencies.push_back(std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - began).count());
  }
}

inline double PercentileMillis(std::vector<std::int64_t> const& sorted, double percentile) {
  // Nearest rank: the smallest latency that `percentile` of the calls do not exceed.
  auto const rank = static_cast<std::size_t>(std::ceil(percentile / 100.0 * static_cast<double>(sorted.size())));
  return static_cast<double>(sorted[std::max<std::size_t>(rank, 1) - 1]) / 1e6;
}

}  // namespace detail

// Runs the clients and prints the line; returns the process exit code (1 when a call failed).
// calls_per_s is over the whole window, untimed steps included; p50 and p99 are the calls' alone.
inline int RunHotRow(HotRowSettings const& settings, char const* rpc, MakeHotClient const& make_client) {
  // Every client is connected and set up before the common start, so that neither counts.
  std::latch ready(settings.clients);
  std::promise<Clock::time_point> go;
  auto const start_at = go.get_future().share();
  std::vector<detail::ClientRun> runs(static_cast<std::size_t>(settings.clients));
  std::vector<std::thread> threads;
  for (int client = 0; client < settings.clients; ++client) {
    threads.emplace_back(detail::RunClient, std::cref(settings), std::cref(make_client), client, std::ref(ready),
                         start_at, std::ref(runs[static_cast<std::size_t>(client)]));
  }
  ready.wait();
  auto const start = Clock::now() + std::chrono::milliseconds(100);
  go.set_value(start);
  for (auto& thread : threads) thread.join();
  auto const elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  std::vector<std::int64_t> latencies;
  for (auto const& run : runs) {
    if (!run.failure.empty()) {
      std::fprintf(stderr, "a %s call failed: %s\n", rpc, run.failure.c_str());
      return 1;
    }
    latencies.insert(latencies.end(), run.latencies.begin(), run.latencies.end());
  }
  if (latencies.empty()) {
    std::fprintf(stderr, "no %s call completed\n", rpc);
    return 1;
  }
  std::sort(latencies.begin(), latencies.end());
  std::printf("calls_per_s=%.1f p50_ms=%.2f p99_ms=%.2f calls=%zu clients=%d seconds=%.1f\n",
              static_cast<double>(latencies.size()) / elapsed, detail::PercentileMillis(latencies, 50),
              detail::PercentileMillis(latencies, 99), latencies.size(), settings.clients, elapsed);
  return 0;
}

// RunHotRow for clients that each make one call with the service token.
inline int RunHotRow(HotRowSettings const& settings, char const* rpc, MakeHotCall const& make_call) {
  return RunHotRow(settings, rpc, [&make_call](std::shared_ptr<grpc::Channel> channel, int) {
    return std::optional<HotClient>(HotClient{{}, make_call(std::move(channel)), {}});
  });
}

}  // namespace mercato::bench
