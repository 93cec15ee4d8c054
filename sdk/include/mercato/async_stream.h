// AsyncStream<T>: the messages of a server-streaming RPC (AnalyticsService.ExportOrders,
// CatalogService.WatchChanges), read one per Next():
//   stream.Next([](StatusOr<std::optional<v1::ExportOrdersResponse>> message) { ... });
// or, blocking the calling thread, `auto message = stream.Read();`. Each completes with the next
// message, with std::nullopt once the server has ended the stream, or with the status that ended
// it otherwise (then with std::nullopt). Nothing is read ahead of a Next(). One Next() at a time:
// another while one is pending completes at once with FAILED_PRECONDITION. Copies share the
// stream; when the last copy goes, the call is cancelled. Streams are not retried: a stream that
// can be resumed says from where in its request (WatchChanges' after_position).
#pragma once

#include <future>
#include <memory>
#include <optional>
#include <utility>

#include "mercato/completion.h"
#include "mercato/status.h"
#include "mercato/status_or.h"

namespace mercato {

template <typename T>
class AsyncStream {
 public:
  // What reads the messages (the SDK's gRPC reactor, or a test's fake). Destroying it cancels.
  class Source {
   public:
    virtual ~Source() = default;
    virtual void Next(Completion<std::optional<T>> done) = 0;
  };

  // A stream with no messages.
  AsyncStream() = default;
  explicit AsyncStream(std::shared_ptr<Source> source) : source_(std::move(source)) {}

  // A stream that fails with `status` on its first Next() (handy for mocks and defaults).
  static AsyncStream FromError(Status status) {
    class Failed final : public Source {
     public:
      explicit Failed(Status s) : status_(std::move(s)) {}
      void Next(Completion<std::optional<T>> done) override {
        if (status_.ok()) return done(std::optional<T>());
        done(std::exchange(status_, Status()));
      }

     private:
      Status status_;
    };
    return AsyncStream(std::make_shared<Failed>(std::move(status)));
  }

  // Completes with the next message (see mercato/completion.h for the thread).
  void Next(Completion<std::optional<T>> done) const {
    if (!source_) return done(std::optional<T>());
    source_->Next(std::move(done));
  }

  // The next message, waiting for it on the calling thread.
  StatusOr<std::optional<T>> Read() const {
    auto promise = std::make_shared<std::promise<StatusOr<std::optional<T>>>>();
    auto future = promise->get_future();
    Next([promise](StatusOr<std::optional<T>> message) { promise->set_value(std::move(message)); });
    return future.get();
  }

 private:
  std::shared_ptr<Source> source_;
};

}  // namespace mercato
