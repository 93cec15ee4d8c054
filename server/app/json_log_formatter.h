// Structured logs: one JSON object per line with time, level, message and the request id of the
// call being served (empty outside calls), so that every line of a request can be found.
#pragma once

#include <spdlog/formatter.h>

#include <memory>

namespace mercato::server {

class JsonLogFormatter final : public spdlog::formatter {
 public:
  void format(spdlog::details::log_msg const& message, spdlog::memory_buf_t& destination) override;
  std::unique_ptr<spdlog::formatter> clone() const override { return std::make_unique<JsonLogFormatter>(); }
};

}  // namespace mercato::server
