// Leader/follower batching of concurrent jobs into one transaction (group commit). A job that
// arrives while no batch runs leads a batch of one at once, so an idle store adds no latency;
// jobs arriving while a batch runs queue up and the next leader takes them all together. This is
// what lifts a hot row past one change per commit: many changes, one lock hold, one commit.
#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <vector>

#include "server/domain/error.h"

namespace mercato::adapters {

// Runs `batch` with `commit` (one transaction for all of its jobs, which gives each its result or
// fails as a whole). When a batch of several fails, each job is run again alone, so that one bad
// job costs the others a retry, not their result; a lone job's failure goes to `fail`.
template <typename Job, typename Commit, typename Fail>
void CommitOrSplit(std::vector<Job*> const& batch, Commit const& commit, Fail const& fail) {
  auto const done = commit(batch);
  if (done) return;
  if (batch.size() == 1) {
    fail(*batch.front(), done.error());
    return;
  }
  for (auto* job : batch) CommitOrSplit(std::vector<Job*>{job}, commit, fail);
}

template <typename Job>
class GroupCommit {
 public:
  // `run_batch` executes a batch and gives every job in it its result. `can_join(batch, job)`
  // may keep a job out of a batch (it then leads or joins a later one).
  using RunBatch = std::function<void(std::vector<Job*> const&)>;
  using CanJoin = std::function<bool(std::vector<Job*> const&, Job const&)>;

  GroupCommit(std::size_t max_batch, RunBatch run_batch, CanJoin can_join)
      : max_batch_(max_batch), run_batch_(std::move(run_batch)), can_join_(std::move(can_join)) {}

  // Jobs queued for a coming batch (for tests and metrics).
  std::size_t waiting() {
    std::lock_guard lock(mutex_);
    return queue_.size();
  }

  // Returns once `job` has been run, by this thread or by the leader of another.
  void Run(Job& job) {
    Waiter me(job);
    std::unique_lock lock(mutex_);
    queue_.push_back(&me);
    while (!me.done) {
      if (leading_) {
        me.wake.wait(lock);
        continue;
      }
      leading_ = true;
      std::vector<Waiter*> batch;
      auto const jobs = TakeBatch(batch);
      lock.unlock();
      run_batch_(jobs);
      lock.lock();
      leading_ = false;
      // Only the next leader and the batch's waiters are woken, not every thread that waits; the
      // next leader first, so that the hot row's next batch starts as soon as it can.
      if (!queue_.empty()) queue_.front()->wake.notify_one();
      for (Waiter* waiter : batch) {
        waiter->done = true;
        if (waiter != &me) waiter->wake.notify_one();
      }
    }
  }

 private:
  // A thread in Run: its job, and the signal it waits on.
  struct Waiter {
    explicit Waiter(Job& waiting_job) : job(&waiting_job) {}
    Job* job;
    std::condition_variable wake;
    bool done = false;
  };

  // Moves the queue's first jobs that may go together into `batch`; returns their jobs.
  std::vector<Job*> TakeBatch(std::vector<Waiter*>& batch) {
    std::vector<Job*> jobs;
    for (auto it = queue_.begin(); it != queue_.end() && batch.size() < max_batch_;) {
      if (can_join_(jobs, *(*it)->job)) {
        jobs.push_back((*it)->job);
        batch.push_back(*it);
        it = queue_.erase(it);
      } else {
        ++it;
      }
    }
    return jobs;
  }

  std::size_t const max_batch_;
  RunBatch const run_batch_;
  CanJoin const can_join_;
  std::mutex mutex_;
  std::deque<Waiter*> queue_;
  bool leading_ = false;
};

}  // namespace mercato::adapters
