// Request metrics in Prometheus text format: calls by method and code, a latency histogram per
// method, and gauges read at scrape time (cache hit ratio, outbox lag).
#pragma once

#include <array>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace mercato::api {

class RequestMetrics {
 public:
  void Record(std::string const& method, std::string const& code, std::chrono::steady_clock::duration took);
  void AddGauge(std::string name, std::string help, std::function<double()> read);

  // The whole exposition, "text/plain; version=0.0.4".
  std::string Render() const;

 private:
  static constexpr std::array<double, 11> kBucketsSeconds = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                              0.05,   0.1,   0.25,   0.5,   1.0};
  struct Latency {
    std::array<std::uint64_t, kBucketsSeconds.size()> buckets{};
    std::uint64_t count = 0;
    double sum_seconds = 0;
  };
  struct Gauge {
    std::string name;
    std::string help;
    std::function<double()> read;
  };

  mutable std::mutex mutex_;
  std::map<std::pair<std::string, std::string>, std::uint64_t> calls_;
  std::map<std::string, Latency> latency_;
  std::vector<Gauge> gauges_;
};

}  // namespace mercato::api
