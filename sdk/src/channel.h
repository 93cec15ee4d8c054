// The gRPC channel a Client (and every service client it hands out) shares.
#pragma once

#include <memory>

#include <grpcpp/channel.h>

#include "mercato/options.h"

namespace mercato::internal {

std::shared_ptr<grpc::Channel> MakeChannel(Options const& options);

}  // namespace mercato::internal
