// Rendering follows the Prometheus text exposition format (cumulative buckets, +Inf, _sum, _count).
#include "server/api/request_metrics.h"

#include <sstream>

namespace mercato::api {

void RequestMetrics::Record(std::string const& method, std::string const& code,
                            std::chrono::steady_clock::duration took) {
  double const seconds = std::chrono::duration<double>(took).count();
  std::lock_guard lock(mutex_);
  ++calls_[{method, code}];
  auto& latency = latency_[method];
  for (std::size_t i = 0; i < kBucketsSeconds.size(); ++i) {
    if (seconds <= kBucketsSeconds[i]) ++latency.buckets[i];
  }
  ++latency.count;
  latency.sum_seconds += seconds;
}

void RequestMetrics::AddGauge(std::string name, std::string help, std::function<double()> read) {
  std::lock_guard lock(mutex_);
  gauges_.push_back({std::move(name), std::move(help), std::move(read)});
}

std::string RequestMetrics::Render() const {
  std::ostringstream out;
  std::lock_guard lock(mutex_);
  out << "# HELP mercato_requests_total gRPC calls served, by method and status code.\n"
      << "# TYPE mercato_requests_total counter\n";
  for (auto const& [key, count] : calls_) {
    out << "mercato_requests_total{method=\"" << key.first << "\",code=\"" << key.second << "\"} " << count << "\n";
  }
  out << "# HELP mercato_request_duration_seconds gRPC call latency, by method.\n"
      << "# TYPE mercato_request_duration_seconds histogram\n";
  for (auto const& [method, latency] : latency_) {
    for (std::size_t i = 0; i < kBucketsSeconds.size(); ++i) {
      out << "mercato_request_duration_seconds_bucket{method=\"" << method << "\",le=\"" << kBucketsSeconds[i]
          << "\"} " << latency.buckets[i] << "\n";
    }
    out << "mercato_request_duration_seconds_bucket{method=\"" << method << "\",le=\"+Inf\"} " << latency.count
        << "\n"
        << "mercato_request_duration_seconds_sum{method=\"" << method << "\"} " << latency.sum_seconds << "\n"
        << "mercato_request_duration_seconds_count{method=\"" << method << "\"} " << latency.count << "\n";
  }
  for (auto const& gauge : gauges_) {
    out << "# HELP " << gauge.name << " " << gauge.help << "\n# TYPE " << gauge.name << " gauge\n"
        << gauge.name << " " << gauge.read() << "\n";
  }
  return out.str();
}

}  // namespace mercato::api
