// The environment's one ThreadSafeFunction: posts from gRPC threads, settles on the JS thread,
// and holds the event loop only while some call waits.
#include "completion_channel.h"

#include <utility>

namespace mercato::node {

class CompletionChannel::Link {
 public:
  using Tsfn = Napi::TypedThreadSafeFunction<CompletionChannel, std::shared_ptr<PendingCall>, &CompletionChannel::CallJs>;

  // Node frees the ThreadSafeFunction when the environment ends (a worker terminated with calls
  // pending); its finalizer sets `finalized` under `mutex`, which Post holds while using it.
  std::mutex mutex;
  bool finalized = false;
  Tsfn tsfn;
};

CompletionChannel::CompletionChannel(Napi::Env env) : link_(std::make_shared<Link>()) {
  link_->tsfn = Link::Tsfn::New(env, "mercato.completions", 0, 1, this, &Finalized, new std::shared_ptr<Link>(link_));
  link_->tsfn.Unref(env);
}

std::shared_ptr<CompletionChannel::Link> CompletionChannel::Wait(Napi::Env env) {
  if (waiting_++ == 0) link_->tsfn.Ref(env);
  return link_;
}

void CompletionChannel::Post(Link& link, std::shared_ptr<PendingCall> call) {
  {
    std::lock_guard lock(link.mutex);
    if (!link.finalized) {
      auto* handed_over = new std::shared_ptr<PendingCall>(call);
      if (link.tsfn.NonBlockingCall(handed_over) == napi_ok) return;
      delete handed_over;  // the environment is closing
    }
  }
  call->Abandon();
}

void CompletionChannel::CallJs(Napi::Env env, Napi::Function, CompletionChannel* channel,
                               std::shared_ptr<PendingCall>* handed_over) {
  std::unique_ptr<std::shared_ptr<PendingCall>> const call(handed_over);
  if (env == nullptr) return (*call)->Abandon();  // the environment is ending
  try {
    (*call)->Settle(env);
    if (--channel->waiting_ == 0) channel->link_->tsfn.Unref(env);
  } catch (...) {
    // A worker's environment being torn down still runs this with an env, where every JS call
    // fails: nobody awaits the promise any more, and an exception must not leave this callback.
    (*call)->Abandon();
  }
}

void CompletionChannel::Finalized(Napi::Env, std::shared_ptr<Link>* link, CompletionChannel*) {
  {
    std::lock_guard lock((*link)->mutex);
    (*link)->finalized = true;
  }
  delete link;
}

}  // namespace mercato::node
