// Request metrics in Prometheus text format: calls by method and code, a latency histogram per
// method, and readings taken at scrape time (cache hit ratio, outbox lag, circuit breakers).
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
  // A value read at scrape time. `labels` is empty or a label set as written in the exposition,
  // `backend="redis"`; readings that share a name share one HELP and TYPE (the first given).
  void AddGauge(std::string name, std::string help, std::function<double()> read, std::string labels = {});
  // The same for a count that only grows (TYPE counter).
  void AddCounter(std::string name, std::string help, std::function<double()> read, std::string labels = {});

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
  struct Reading {
    std::string name;
    std::string help;
    char const* type;
    std::function<double()> read;
    std::string labels;
  };
  void AddReading(Reading reading);

  mutable std::mutex mutex_;
  std::map<std::pair<std::string, std::string>, std::uint64_t> calls_;
  std::map<std::string, Latency> latency_;
  std::vector<Reading> readings_;
};

}  // namespace mercato::api
