// The asynchronous twin of RetryLoop (retry_loop.h), on gRPC's callback API: the same policy
// (retry_policy.h), context set-up and error mapping, with each wait between attempts scheduled on
// CallSettings::retry_timer instead of sleeping a thread.
#pragma once

#include <functional>
#include <memory>
#include <utility>

#include <grpcpp/client_context.h>
#include <grpcpp/support/status.h>

#include "mercato/completion.h"
#include "sdk/src/call_settings.h"
#include "sdk/src/grpc_runtime.h"
#include "sdk/src/grpc_status.h"
#include "sdk/src/retry_policy.h"

namespace mercato::internal {

// A method of a generated stub's callback interface, e.g.
// &CatalogService::StubInterface::async_interface::GetProduct.
template <typename Stub, typename Request, typename Response>
using AsyncMethod = void (Stub::async_interface::*)(grpc::ClientContext*, Request const*, Response*,
                                                    std::function<void(grpc::Status)>);

// One call's attempts. Owned by the callbacks in flight (the attempt's, then the retry timer's),
// so it lives until `done` has run, whoever else lets go of the stub.
template <typename Stub, typename Request, typename Response>
class AsyncRetryCall final : public std::enable_shared_from_this<AsyncRetryCall<Stub, Request, Response>> {
 public:
  AsyncRetryCall(std::shared_ptr<Stub> stub, AsyncMethod<Stub, Request, Response> method, Request request,
                 CallSettings settings, Idempotency idempotency, Completion<Response> done)
      : stub_(std::move(stub)),
        method_(method),
        request_(std::move(request)),
        settings_(std::move(settings)),
        idempotency_(idempotency),
        pacer_(settings_.retry),
        done_(std::move(done)) {}

  void StartAttempt() {
    auto* async = stub_->async();
    if (async == nullptr) {  // a mock stub: only its blocking methods exist
      Finish(Status(StatusCode::kUnimplemented, "this stub has no asynchronous interface"));
      return;
    }
    context_ = std::make_unique<grpc::ClientContext>();
    if (Status prepared = PrepareContext(*context_, settings_.bearer_token, settings_.deadline); !prepared.ok()) {
      Finish(std::move(prepared));
      return;
    }
    response_.Clear();
    (async->*method_)(context_.get(), &request_, &response_,
                      [self = this->shared_from_this()](grpc::Status const& result) { self->OnAttemptDone(result); });
  }

 private:
  void OnAttemptDone(grpc::Status const& result) {
    if (result.ok()) {
      Finish(std::move(response_));
      return;
    }
    Status status = FromGrpcStatus(result, *context_);
    auto const delay = TransientRetryDelay(pacer_, status, idempotency_);
    if (!delay) {
      Finish(std::move(status));
      return;
    }
    settings_.retry_timer(*delay, [self = this->shared_from_this()] { self->StartAttempt(); });
  }

  void Finish(StatusOr<Response> result) {
    auto const done = std::move(done_);
    done(std::move(result));
  }

  std::shared_ptr<Stub> const stub_;
  AsyncMethod<Stub, Request, Response> const method_;
  Request const request_;
  CallSettings const settings_;
  Idempotency const idempotency_;
  RetryPacer pacer_;
  Completion<Response> done_;
  // The current attempt's; replaced by the next attempt only after this one has completed.
  std::unique_ptr<grpc::ClientContext> context_;
  Response response_;
};

// Starts `method` on `stub` and calls `done` once it has succeeded, failed for good, or run out of
// attempts (see mercato/completion.h for the thread).
template <typename Stub, typename Request, typename Response>
void AsyncRetryLoop(std::shared_ptr<Stub> stub, AsyncMethod<Stub, Request, Response> method, Request request,
                    CallSettings settings, Idempotency idempotency, Completion<Response> done) {
  KeepCallbackQueueAlive();
  std::make_shared<AsyncRetryCall<Stub, Request, Response>>(std::move(stub), method, std::move(request),
                                                            std::move(settings), idempotency, std::move(done))
      ->StartAttempt();
}

}  // namespace mercato::internal
