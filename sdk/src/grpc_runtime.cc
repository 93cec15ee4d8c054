// The never-destroyed channel that holds gRPC's callback completion queue (see grpc_runtime.h).
#include "sdk/src/grpc_runtime.h"

#include <chrono>
#include <memory>

#include <grpcpp/create_channel.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/byte_buffer.h>
#include <grpcpp/support/slice.h>

namespace mercato::internal {
namespace {

// Everything the one call needs, alive for the rest of the process.
struct QueueHolder {
  std::shared_ptr<grpc::Channel> channel;
  std::unique_ptr<grpc::GenericStub> stub;
  grpc::ClientContext context;
  grpc::Slice empty;
  grpc::ByteBuffer request{&empty, 1};  // an empty message (a default ByteBuffer is no message at all)
  grpc::ByteBuffer response;
};

}  // namespace

void KeepCallbackQueueAlive() {
  [[maybe_unused]] static bool const kept = [] {
    auto* holder = new QueueHolder();  // never deleted: see grpc_runtime.h
    // A socket path that cannot exist, and a deadline already passed: the call fails at once,
    // without reaching the network, after its channel has taken its reference on the queue.
    holder->channel =
        grpc::CreateChannel("unix:/nonexistent/mercato-callback-queue", grpc::InsecureChannelCredentials());
    holder->stub = std::make_unique<grpc::GenericStub>(holder->channel);
    holder->context.set_deadline(std::chrono::system_clock::now());
    holder->stub->UnaryCall(&holder->context, "/mercato.internal.CallbackQueue/Hold", grpc::StubOptions(),
                            &holder->request, &holder->response, [](grpc::Status const&) {});
    return true;
  }();
}

}  // namespace mercato::internal
