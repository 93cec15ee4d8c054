// StreamCall: one server-streaming RPC on gRPC's callback API, behind an AsyncStream. Each Next()
// starts one read; the reactor's callbacks complete it, so no thread waits for a message.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

#include <grpcpp/client_context.h>
#include <grpcpp/support/client_callback.h>

#include "mercato/async_stream.h"
#include "sdk/src/call_settings.h"
#include "sdk/src/grpc_status.h"

namespace mercato::internal {

template <typename Stub, typename Request, typename Response>
using AsyncStreamMethod = void (Stub::async_interface::*)(grpc::ClientContext*, Request const*,
                                                          grpc::ClientReadReactor<Response>*);

template <typename Request, typename Response>
class StreamCall final : public grpc::ClientReadReactor<Response> {
 public:
  // Starts `method` on `stub` with `request`; no deadline unless the call's options give one.
  template <typename Stub>
  static AsyncStream<Response> Start(std::shared_ptr<Stub> const& stub, AsyncStreamMethod<Stub, Request, Response> method,
                                     Request const& request, CallSettings const& settings,
                                     std::optional<std::chrono::milliseconds> deadline) {
    auto call = std::shared_ptr<StreamCall>(new StreamCall(request, stub));
    Status prepared = PrepareContext(call->context_, settings.bearer_token, deadline);
    if (!prepared.ok()) return AsyncStream<Response>::FromError(std::move(prepared));
    call->self_ = call;  // until OnDone: gRPC holds a raw pointer to the reactor
    (stub->async()->*method)(&call->context_, &call->request_, call.get());
    call->StartCall();
    return AsyncStream<Response>(std::make_shared<Reader>(call));
  }

 private:
  using Done = Completion<std::optional<Response>>;

  // The AsyncStream's source: cancels the call when the stream's last copy goes.
  class Reader final : public AsyncStream<Response>::Source {
   public:
    explicit Reader(std::shared_ptr<StreamCall> call) : call_(std::move(call)) {}
    ~Reader() override { call_->context_.TryCancel(); }
    void Next(Done done) override { call_->Next(std::move(done)); }

   private:
    std::shared_ptr<StreamCall> call_;
  };

  StreamCall(Request request, std::shared_ptr<void const> stub) : stub_(std::move(stub)), request_(std::move(request)) {}

  void Next(Done done) {
    std::unique_lock lock(mu_);
    if (pending_) {
      lock.unlock();
      return done(Status(StatusCode::kFailedPrecondition, "a Next() of this stream is still pending"));
    }
    if (ended_) {
      std::optional<Status> status = std::exchange(ended_with_error_, std::nullopt);
      lock.unlock();
      if (status) return done(std::move(*status));
      return done(std::optional<Response>());
    }
    pending_ = std::move(done);
    lock.unlock();
    this->StartRead(&response_);
  }

  void OnReadDone(bool ok) override {
    if (!ok) return;  // the stream ended: OnDone brings its status and completes the pending Next()
    Done done;
    {
      std::lock_guard lock(mu_);
      done = std::exchange(pending_, nullptr);
    }
    done(std::optional<Response>(std::exchange(response_, Response())));
  }

  void OnDone(grpc::Status const& status) override {
    std::shared_ptr<StreamCall> keep = std::move(self_);
    Status const ended = FromGrpcStatus(status, context_);
    Done done;
    {
      std::lock_guard lock(mu_);
      ended_ = true;
      done = std::exchange(pending_, nullptr);
      if (!ended.ok() && !done) ended_with_error_ = ended;
    }
    // `keep` may be the last reference, and with it the stub's channel; a channel destroyed on the
    // callback thread that serves it deadlocks or crashes gRPC (grpc/grpc#32584), so the reference
    // goes on a thread of its own, after the last use of this object here.
    std::thread([keep = std::move(keep)] {}).detach();
    if (!done) return;
    if (!ended.ok()) return done(ended);
    done(std::optional<Response>());
  }

  // The stub, and so its channel, whose callback queue runs this call: kept until the call is over,
  // however soon the client that started it goes.
  std::shared_ptr<void const> const stub_;
  grpc::ClientContext context_;
  Request const request_;
  Response response_;  // the read in flight; only one at a time
  std::shared_ptr<StreamCall> self_;
  std::mutex mu_;
  Done pending_;                              // guarded by mu_
  bool ended_ = false;                        // guarded by mu_
  std::optional<Status> ended_with_error_;    // guarded by mu_: delivered to the next Next()
};

}  // namespace mercato::internal
