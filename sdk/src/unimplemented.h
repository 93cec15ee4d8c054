// The status of a connection method nobody overrode (the defaults of the abstract connections,
// so that mocks and decorators written before an RPC existed keep compiling).
#pragma once

#include <string>

#include "mercato/status.h"

namespace mercato::internal {

inline Status Unimplemented(char const* connection, char const* rpc) {
  return Status(StatusCode::kUnimplemented, std::string(connection) + "::" + rpc + " is not implemented");
}

}  // namespace mercato::internal
