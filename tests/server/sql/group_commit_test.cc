// GroupCommit: a lone job runs at once in a batch of its own; jobs that arrive while a batch runs
// wait and then run together in the next; a job kept out of a batch runs in a later one.
#include "server/adapters/sql/group_commit.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace mercato::adapters {
namespace {

struct Job {
  int key = 0;
  int batch = -1;  // which batch ran it
};

class Batches {
 public:
  // Runs batches, holding the first one until Open() so that others can queue behind it.
  void Run(std::vector<Job*> const& batch) {
    std::unique_lock lock(mutex_);
    int const number = static_cast<int>(sizes_.size());
    sizes_.push_back(batch.size());
    if (number == 0) opened_.wait(lock, [this] { return open_; });
    for (Job* job : batch) job->batch = number;
  }
  void Open() {
    std::lock_guard lock(mutex_);
    open_ = true;
    opened_.notify_all();
  }
  std::vector<std::size_t> sizes() {
    std::lock_guard lock(mutex_);
    return sizes_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable opened_;
  bool open_ = false;
  std::vector<std::size_t> sizes_;
};

template <typename Predicate>
void WaitFor(Predicate done) {
  while (!done()) std::this_thread::yield();
}

TEST(GroupCommit, JobsArrivingDuringABatchRunTogetherInTheNext) {
  Batches batches;
  GroupCommit<Job> group(
      64, [&](std::vector<Job*> const& batch) { batches.Run(batch); },
      [](std::vector<Job*> const&, Job const&) { return true; });
  Job first;
  std::thread leader([&] { group.Run(first); });
  WaitFor([&] { return batches.sizes().size() == 1; });

  std::vector<Job> followers(5);
  std::vector<std::thread> threads;
  for (auto& job : followers) threads.emplace_back([&group, &job] { group.Run(job); });
  WaitFor([&] { return group.waiting() == followers.size(); });
  batches.Open();
  leader.join();
  for (auto& thread : threads) thread.join();

  EXPECT_EQ(batches.sizes(), (std::vector<std::size_t>{1, 5}));
  EXPECT_EQ(first.batch, 0);
  for (auto const& job : followers) EXPECT_EQ(job.batch, 1);
  EXPECT_EQ(group.waiting(), 0u);
}

TEST(GroupCommit, AJobKeptOutOfABatchRunsInALaterOne) {
  Batches batches;
  // Jobs with equal keys never share a batch.
  GroupCommit<Job> group(
      64, [&](std::vector<Job*> const& batch) { batches.Run(batch); },
      [](std::vector<Job*> const& batch, Job const& job) {
        return std::none_of(batch.begin(), batch.end(), [&](Job const* other) { return other->key == job.key; });
      });
  Job first{0};
  std::thread leader([&] { group.Run(first); });
  WaitFor([&] { return batches.sizes().size() == 1; });
  std::vector<Job> followers = {{1}, {1}, {2}};
  std::vector<std::thread> threads;
  for (auto& job : followers) threads.emplace_back([&group, &job] { group.Run(job); });
  WaitFor([&] { return group.waiting() == followers.size(); });
  batches.Open();
  leader.join();
  for (auto& thread : threads) thread.join();

  EXPECT_EQ(batches.sizes(), (std::vector<std::size_t>{1, 2, 1}));
  EXPECT_NE(followers[0].batch, followers[1].batch);
}

}  // namespace
}  // namespace mercato::adapters
