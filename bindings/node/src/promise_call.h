// StartCall<T>: the promise behind every network method. The method copies its JS arguments into
// plain C++ values on the JS thread and starts the SDK's asynchronous call with the completion
// StartCall hands it; no thread waits for the reply. When the answer is at hand before the call
// returns (a cache hit, or a call that fails before leaving the process), the promise is settled
// at once on the JS thread, with no ThreadSafeFunction made; otherwise one is made, and its
// JS-thread callback builds the JS value when the completion arrives on a gRPC thread.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

#include <napi.h>

#include "js_error.h"
#include "mercato/client.h"
#include "mercato/completion.h"

namespace mercato::node {

template <typename T>
using ResultToJs = Napi::Value (*)(Napi::Env, T const&);

// Whether a call's ThreadSafeFunction still exists. Node frees it when its environment ends (a
// worker terminated with the call pending); the finalizer says so, and a completion that arrives
// later must not touch it.
struct TsfnLife {
  std::mutex mutex;
  bool finalized = false;
};

// One call in flight. The ThreadSafeFunction keeps the event loop alive until it is released,
// which happens once the result is handed over, so that a pending call keeps the process running
// and a finished one does not.
template <typename T>
class PromiseCall {
 public:
  PromiseCall(Napi::Env env, std::shared_ptr<Client> client, ResultToJs<T> to_js)
      : deferred_(Napi::Promise::Deferred::New(env)), to_js_(to_js), client_(std::move(client)) {}

  Napi::Promise Promise() const { return deferred_.Promise(); }

  // On the JS thread, once the SDK call has started: settles the promise if the answer is already
  // in; else makes the ThreadSafeFunction the completion will hand the answer to.
  static void Started(std::shared_ptr<PromiseCall> const& call, Napi::Env env, char const* name) {
    {
      std::lock_guard lock(call->mu_);
      if (!call->result_) {
        call->life_ = std::make_shared<TsfnLife>();
        call->tsfn_ = Tsfn::New(env, name, 0, 1, nullptr, &Finalized, new std::shared_ptr<TsfnLife>(call->life_));
        return;
      }
    }
    call->Settle(env);
  }

  // The SDK's completion: may run on any thread, exactly once.
  static void Complete(std::shared_ptr<PromiseCall> const& call, StatusOr<T> result) {
    std::lock_guard lock(call->mu_);
    call->result_ = std::move(result);
    if (!call->tsfn_) return;  // answered before Started(): the JS thread settles it there
    std::lock_guard life_lock(call->life_->mutex);
    if (call->life_->finalized) {
      // Its environment is gone: nobody awaits the promise. The client may be in its last hands
      // here, and a client is destroyed on a thread of its own, never on a gRPC thread.
      std::thread([client = std::move(call->client_)] {}).detach();
      return;
    }
    auto* handed_over = new std::shared_ptr<PromiseCall>(call);
    if (call->tsfn_->NonBlockingCall(handed_over) != napi_ok) delete handed_over;  // the environment is closing
    call->tsfn_->Release();
  }

 private:
  static void CallJs(Napi::Env env, Napi::Function, std::nullptr_t*, std::shared_ptr<PromiseCall>* handed_over) {
    std::unique_ptr<std::shared_ptr<PromiseCall>> const call(handed_over);
    if (env != nullptr) (*call)->Settle(env);
  }
  using Tsfn = Napi::TypedThreadSafeFunction<std::nullptr_t, std::shared_ptr<PromiseCall>, &PromiseCall::CallJs>;

  static void Finalized(Napi::Env, std::shared_ptr<TsfnLife>* life, std::nullptr_t*) {
    {
      std::lock_guard lock((*life)->mutex);
      (*life)->finalized = true;
    }
    delete life;
  }

  // On the JS thread. Releases the client here: when close() ran meanwhile, this may be its last
  // reference, and a client's destruction (which stops its cache watcher) belongs on no gRPC thread.
  void Settle(Napi::Env env) {
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

  Napi::Promise::Deferred deferred_;
  ResultToJs<T> to_js_;
  // Keeps the client alive until the call has settled, whatever close() or the GC do meanwhile.
  std::shared_ptr<Client> client_;
  std::mutex mu_;  // result_ and tsfn_ between the completion and Started()
  std::optional<StatusOr<T>> result_;
  std::shared_ptr<TsfnLife> life_;
  std::optional<Tsfn> tsfn_;
};

// Starts a call: `start(done)` starts the SDK's asynchronous call with `done` as its completion.
// Arguments must have been read before (a TypeError thrown here would leave the loop held).
template <typename T, typename Start>
Napi::Promise StartCall(Napi::Env env, char const* name, std::shared_ptr<Client> client, ResultToJs<T> to_js,
                        Start start) {
  auto call = std::make_shared<PromiseCall<T>>(env, std::move(client), to_js);
  Napi::Promise promise = call->Promise();
  start(Completion<T>([call](StatusOr<T> result) { PromiseCall<T>::Complete(call, std::move(result)); }));
  PromiseCall<T>::Started(call, env, name);
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
