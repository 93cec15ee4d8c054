// Keeps gRPC's callback-API completion queue alive for the rest of the process once the
// asynchronous path is used.
#pragma once

namespace mercato::internal {

// gRPC 1.51 serves callback-API completions on "nexting" threads of one completion queue that is
// shared by every channel and shut down with the last channel that used it. When that last
// channel is destroyed on one of those threads (a completion releasing the last reference to a
// closed client's stub), the queue is deleted under the thread still serving it and the process
// aborts in grpc_cq_internal_unref. A channel of our own that uses the queue once and is never
// destroyed keeps it alive, so that no other channel's destruction shuts it down. Upstream:
// grpc/grpc#37858 (the last channel destroyed on a callback thread) and grpc/grpc#32584 (the
// failed self-join that precedes the abort).
void KeepCallbackQueueAlive();

}  // namespace mercato::internal
