// Runs the gRPC server for a Config until a shutdown signal, then drains and returns.
#pragma once

#include "server/app/config.h"

namespace mercato::server {

// Returns the process exit code: 0 after a clean drain, 1 when the server could not start.
int RunServer(Config const& config);

}  // namespace mercato::server
