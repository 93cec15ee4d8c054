// Rendering follows the Prometheus text exposition format (cumulative buckets, +Inf, _sum, _count).
#include "server/api/request_metrics.h"

#include <algorithm>
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

void RequestMetrics::AddGauge(std::string name, std::string help, std::function<double()> read,
                              std::string labels) {
  AddReading({std::move(name), std::move(help), "gauge", std::move(read), std::move(labels)});
}

void RequestMetrics::AddCounter(std::string name, std::string help, std::function<double()> read,
                                std::string labels) {
  AddReading({std::move(name), std::move(help), "counter", std::move(read), std::move(labels)});
}

void RequestMetrics::AddReading(Reading reading) {
  std::lock_guard lock(mutex_);
  // Kept next to its namesakes: the format wants a metric's series together under its TYPE.
  auto after = std::find_if(readings_.rbegin(), readings_.rend(),
                            [&](Reading const& other) { return other.name == reading.name; });
  readings_.insert(after == readings_.rend() ? readings_.end() : after.base(), std::move(reading));
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
  for (std::size_t i = 0; i < readings_.size(); ++i) {
    auto const& reading = readings_[i];
    if (i == 0 || readings_[i - 1].name != reading.name) {
      out << "# HELP " << reading.name << " " << reading.help << "\n# TYPE " << reading.name << " " << reading.type
          << "\n";
    }
    out << reading.name;
    if (!reading.labels.empty()) out << "{" << reading.labels << "}";
    out << " " << reading.read() << "\n";
  }
  return out.str();
}

}  // namespace mercato::api
