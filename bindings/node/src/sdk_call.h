// SdkCall<T>: the promise worker behind every async method. The method copies its JS arguments
// into plain C++ values captured by `work` on the main thread; Execute runs `work` (SDK calls
// only, no JS) on a libuv pool thread; OnOK builds the JS result on the main thread, or rejects
// with a MercatoError. `work` owns a copy of the mercato::Client (a shared handle), so neither
// close() nor garbage collection of the JS object can free the client mid-call.
#pragma once

#include <functional>
#include <utility>

#include <napi.h>

#include "js_error.h"
#include "mercato/status_or.h"

namespace mercato::node {

template <typename T>
class SdkCall final : public Napi::AsyncWorker {
 public:
  using Work = std::function<StatusOr<T>()>;
  using ToJs = Napi::Value (*)(Napi::Env, T const&);

  // Queues the call and returns its promise.
  static Napi::Promise Start(Napi::Env env, char const* name, Work work, ToJs to_js) {
    auto* call = new SdkCall(env, name, std::move(work), to_js);
    Napi::Promise promise = call->deferred_.Promise();
    call->Queue();
    return promise;
  }

 private:
  SdkCall(Napi::Env env, char const* name, Work work, ToJs to_js)
      : Napi::AsyncWorker(env, name), deferred_(Napi::Promise::Deferred::New(env)), work_(std::move(work)),
        to_js_(to_js) {}

  void Execute() override {
    result_ = work_();
    // Releases the captured client here, off the main thread: when close() has run meanwhile,
    // this may be the last reference, and destroying a client joins its cache watcher thread.
    work_ = nullptr;
  }

  void OnOK() override {
    Napi::Env env = Env();
    Napi::HandleScope scope(env);
    if (!result_) {
      deferred_.Reject(ToJsError(env, result_.status()));
      return;
    }
    try {
      deferred_.Resolve(to_js_(env, *result_));
    } catch (Napi::Error const& e) {
      deferred_.Reject(e.Value());
    }
  }

  Napi::Promise::Deferred deferred_;
  Work work_;
  ToJs to_js_;
  StatusOr<T> result_;
};

// A rejected promise, for calls that fail before reaching the SDK (e.g. after close()).
inline Napi::Promise RejectedPromise(Napi::Env env, Status const& status) {
  auto deferred = Napi::Promise::Deferred::New(env);
  deferred.Reject(ToJsError(env, status));
  return deferred.Promise();
}

}  // namespace mercato::node
