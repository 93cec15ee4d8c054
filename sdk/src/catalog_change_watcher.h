// CatalogChangeWatcher: a background thread that follows CatalogService.WatchChanges for products
// and categories, hands each event to a callback, and reconnects with backoff, resuming after the
// last position it saw; it gives up only on UNIMPLEMENTED. Destruction cancels the stream and
// joins the thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "mercato/options.h"
#include "mercato/v1/catalog.grpc.pb.h"

namespace mercato::internal {

class CatalogChangeWatcher {
 public:
  struct Handlers {
    // Each event, in position order, on the watcher thread.
    std::function<void(v1::EventEnvelope const&)> on_event;
    // The stream was (re)opened from "now" rather than resumed: the first start, a reconnect
    // before any event was seen, and after OUT_OF_RANGE (resume point expired). Changes made
    // before it may never arrive, so anything cached before it is suspect.
    std::function<void()> on_resubscribed_from_now;
  };

  CatalogChangeWatcher(std::shared_ptr<v1::CatalogService::StubInterface> stub, std::string bearer_token,
                       RetryPolicy reconnect_backoff, Handlers handlers);
  ~CatalogChangeWatcher();

  CatalogChangeWatcher(CatalogChangeWatcher const&) = delete;
  CatalogChangeWatcher& operator=(CatalogChangeWatcher const&) = delete;

 private:
  void Run();
  // One stream from open to Finish(); returns its final status.
  grpc::Status FollowOnce(grpc::ClientContext& context);
  // Waits `delay` or until the watcher stops; returns false when stopping.
  bool WaitToReconnect(std::chrono::milliseconds delay);

  std::shared_ptr<v1::CatalogService::StubInterface> stub_;
  std::string bearer_token_;
  RetryPolicy reconnect_backoff_;
  Handlers handlers_;
  std::optional<std::int64_t> last_position_;  // watcher thread only

  std::mutex mu_;
  std::condition_variable stop_requested_;
  bool stopping_ = false;                       // guarded by mu_
  grpc::ClientContext* active_call_ = nullptr;  // guarded by mu_
  std::thread thread_;                          // last: starts after everything above exists
};

}  // namespace mercato::internal
