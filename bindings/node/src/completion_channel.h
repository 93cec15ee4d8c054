// CompletionChannel: the one ThreadSafeFunction of a Node environment through which every call's
// completion that arrives on a gRPC thread reaches the JS thread. Making one per call (a uv_async
// handle each) cost more than the rest of a call's work with many calls in flight. It is
// referenced only while a call waits, so that a pending call keeps the process running and an
// idle client does not.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>

#include <napi.h>

namespace mercato::node {

// A call whose completion arrived on another thread, to be settled on the JS thread.
class PendingCall {
 public:
  virtual ~PendingCall() = default;
  // On the JS thread.
  virtual void Settle(Napi::Env env) = 0;
  // Anywhere: the environment ended with the call pending; nobody awaits it any more.
  virtual void Abandon() = 0;
};

class CompletionChannel {
 public:
  // What a waiting call keeps to post its completion; safe to use after the environment ended.
  class Link;

  // On the JS thread, at the addon's start.
  explicit CompletionChannel(Napi::Env env);

  // On the JS thread: a call now waits for a completion from another thread, which it hands to
  // Post() with the link returned here.
  std::shared_ptr<Link> Wait(Napi::Env env);

  // Any thread: has `call` settled on the JS thread, or abandoned when the environment has ended.
  static void Post(Link& link, std::shared_ptr<PendingCall> call);

 private:
  static void CallJs(Napi::Env env, Napi::Function, CompletionChannel* channel, std::shared_ptr<PendingCall>* call);
  static void Finalized(Napi::Env, std::shared_ptr<Link>* link, CompletionChannel*);

  std::shared_ptr<Link> const link_;
  std::size_t waiting_ = 0;  // JS thread only
};

}  // namespace mercato::node
