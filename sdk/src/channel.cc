// Plaintext channel to options.endpoint, identified as mercato-cpp, with keepalive so that a
// quiet WatchChanges stream notices a dead peer.
#include "sdk/src/channel.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/channel_arguments.h>

namespace mercato::internal {

std::shared_ptr<grpc::Channel> MakeChannel(Options const& options) {
  grpc::ChannelArguments args;
  args.SetUserAgentPrefix("mercato-cpp/" MERCATO_VERSION);
  args.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, 30'000);
  args.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 10'000);
  return grpc::CreateCustomChannel(options.endpoint, grpc::InsecureChannelCredentials(), args);
}

}  // namespace mercato::internal
