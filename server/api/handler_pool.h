// HandlerPool: the threads that run unary handlers. Handlers block on the database, so they must
// not run on gRPC's own callback threads; and a call only gets here once its request has fully
// arrived (gRPC's callback API), so a client that starts calls and never sends them holds no
// thread. The queue is bounded: beyond it a call is refused at once rather than piling up.
//
// A dozen lines of queue and threads of our own rather than a library pool, because the bound
// and the refusal are the point and no Debian-packaged pool offers them.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace mercato::api {

class HandlerPool {
 public:
  // `threads` workers; at most `max_queued` calls wait for one.
  HandlerPool(int threads, std::size_t max_queued);
  // Runs what is queued, then joins the workers.
  ~HandlerPool();
  HandlerPool(HandlerPool const&) = delete;
  HandlerPool& operator=(HandlerPool const&) = delete;

  // Queues `work`; false (and `work` dropped) when `max_queued` calls already wait.
  bool TrySubmit(std::function<void()> work);

  std::size_t max_queued() const { return max_queued_; }

 private:
  void Work();

  std::size_t const max_queued_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace mercato::api
