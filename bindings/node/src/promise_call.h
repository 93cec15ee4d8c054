// StartCall<T>: the promise behind every network method. The method copies its JS arguments into
// plain C++ values on the JS thread and starts the SDK's asynchronous call with the completion
// StartCall hands it; no thread waits for the reply. When the answer is at hand before the call
// returns (a call that fails before leaving the process), the promise is settled at once on the
// JS thread; otherwise the completion, on a gRPC thread, hands the answer to the environment's
// CompletionChannel, and the JS value is built on the JS thread.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

#include <napi.h>

#include "addon_data.h"
#include "completion_channel.h"
#include "js_error.h"
#include "mercato/client.h"
#include "mercato/completion.h"

namespace mercato::node {

template <typename T>
using ResultToJs = Napi::Value (*)(Napi::Env, T const&);

// One call in flight.
template <typename T>
class PromiseCall final : public PendingCall {
 public:
  PromiseCall(Napi::Env env, std::shared_ptr<Client> client, ResultToJs<T> to_js)
      : deferred_(Napi::Promise::Deferred::New(env)), to_js_(to_js), client_(std::move(client)) {}

  Napi::Promise Promise() const { return deferred_.Promise(); }

  // On the JS thread, once the SDK call has started: settles the promise if the answer is already
  // in; else the call waits on the environment's CompletionChannel.
  static void Started(std::shared_ptr<PromiseCall> const& call, Napi::Env env) {
    {
      std::lock_guard lock(call->mu_);
      if (!call->result_) {
        call->link_ = GetAddonData(env).completions->Wait(env);
        return;
      }
    }
    call->Settle(env);
  }

  // The SDK's completion: may run on any thread, exactly once.
  static void Complete(std::shared_ptr<PromiseCall> const& call, StatusOr<T> result) {
    std::shared_ptr<CompletionChannel::Link> link;
    {
      std::lock_guard lock(call->mu_);
      call->result_ = std::move(result);
      link = call->link_;
    }
    if (link) CompletionChannel::Post(*link, call);  // else Started() settles it on the JS thread
  }

  // On the JS thread. Releases the client here: when close() ran meanwhile, this may be its last
  // reference, and a client's destruction (which stops its cache watcher) belongs on no gRPC thread.
  void Settle(Napi::Env env) override {
    Napi::HandleScope scope(env);
    if (!result_->ok()) {
      deferred_.Reject(ToJsError(env, result_->status()));
    } else {
      try {
        deferred_.Resolve(to_js_(env, **result_));
      } catch (Napi::Error const& e) {
        deferred_.Reject(e.Value());
      }
    }
    client_.reset();
  }

  // The environment is gone: nobody awaits the promise. The client may be in its last hands here,
  // and a client is destroyed on a thread of its own, never on a gRPC thread.
  void Abandon() override {
    std::thread([client = std::move(client_)] {}).detach();
  }

 private:
  Napi::Promise::Deferred deferred_;
  ResultToJs<T> to_js_;
  // Keeps the client alive until the call has settled, whatever close() or the GC do meanwhile.
  std::shared_ptr<Client> client_;
  std::mutex mu_;  // result_ and link_ between the completion and Started()
  std::optional<StatusOr<T>> result_;
  std::shared_ptr<CompletionChannel::Link> link_;
};

// Starts a call: `start(done)` starts the SDK's asynchronous call with `done` as its completion.
// Arguments must have been read before (a TypeError thrown here would leave the loop held).
template <typename T, typename Start>
Napi::Promise StartCall(Napi::Env env, std::shared_ptr<Client> client, ResultToJs<T> to_js,
                        Start start) {
  auto call = std::make_shared<PromiseCall<T>>(env, std::move(client), to_js);
  Napi::Promise promise = call->Promise();
  start(Completion<T>([call](StatusOr<T> result) { PromiseCall<T>::Complete(call, std::move(result)); }));
  PromiseCall<T>::Started(call, env);
  return promise;
}

// The result of a call that has none (login, logout, deleteCategory).
struct Done {};

inline Napi::Value UndefinedToJs(Napi::Env env, Done const&) { return env.Undefined(); }

// A Completion<Done> as the StatusCompletion of a call with no result.
inline StatusCompletion AsStatusCompletion(Completion<Done> done) {
  return [done = std::move(done)](Status status) {
    if (!status.ok()) return done(std::move(status));
    done(Done{});
  };
}

// A rejected promise, for calls that fail before reaching the SDK (e.g. after close()).
inline Napi::Promise RejectedPromise(Napi::Env env, Status const& status) {
  auto deferred = Napi::Promise::Deferred::New(env);
  deferred.Reject(ToJsError(env, status));
  return deferred.Promise();
}

}  // namespace mercato::node
