// nlohmann::json does the escaping; timestamps are UTC ISO 8601 with microseconds.
#include "server/app/json_log_formatter.h"

#include <nlohmann/json.hpp>
#include <spdlog/details/log_msg.h>

#include <chrono>
#include <ctime>

#include "server/api/request_context.h"

namespace mercato::server {
namespace {

std::string IsoTimestamp(std::chrono::system_clock::time_point time) {
  auto const seconds = std::chrono::system_clock::to_time_t(time);
  auto const micros =
      std::chrono::duration_cast<std::chrono::microseconds>(time.time_since_epoch()).count() % 1000000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[40];
  auto const length = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
  std::snprintf(text + length, sizeof text - length, ".%06lldZ", static_cast<long long>(micros));
  return text;
}

}  // namespace

void JsonLogFormatter::format(spdlog::details::log_msg const& message, spdlog::memory_buf_t& destination) {
  nlohmann::json line;
  line["ts"] = IsoTimestamp(message.time);
  line["level"] = std::string(spdlog::level::to_string_view(message.level).data(),
                              spdlog::level::to_string_view(message.level).size());
  line["msg"] = std::string(message.payload.data(), message.payload.size());
  if (auto const& request_id = api::CurrentRequestId(); !request_id.empty()) line["request_id"] = request_id;
  auto const text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  destination.append(text.data(), text.data() + text.size());
}

}  // namespace mercato::server
