// The feed thread and the stream reactor. A stream's writes are a small state machine under its
// own mutex, never held while calling into gRPC (a reaction may run inline on the calling thread):
// at most one write in flight, and Finish exactly once, by whoever leaves the stream idle.
#include "server/api/watch_changes_feed.h"

#include <spdlog/spdlog.h>

#include <deque>
#include <utility>

#include "mercato/v1/catalog.pb.h"
#include "server/api/request_parse.h"
#include "server/domain/catalog/catalog_event_view.h"

namespace mercato::api {

class WatchChangesFeed::Stream final : public Reactor {
 public:
  Stream(WatchChangesFeed& feed, Subscription subscription)
      : subscription_(std::move(subscription)), feed_(feed) {
    position_ = read_through_ = subscription_.after_position;
    // Tells the client its subscription is in place before any event exists to send.
    StartSendInitialMetadata();
  }

  // Feed thread only: the subscription and how far the stream has read.
  Subscription const& subscription() const { return subscription_; }
  std::int64_t position_ = 0;      // the last event sent
  std::int64_t read_through_ = 0;  // every matching event up to here has been read

  // True when no write is in flight and the stream is not ending.
  bool ReadyForMore() {
    std::lock_guard lock(mutex_);
    return !writing_ && !ending_;
  }

  // Writes `responses` in order (dropped if the stream is ending).
  void Send(std::deque<grpc::ByteBuffer> responses) {
    {
      std::lock_guard lock(mutex_);
      if (ending_ || writing_ || responses.empty()) return;
      queue_ = std::move(responses);
      current_ = std::move(queue_.front());
      queue_.pop_front();
      writing_ = true;
    }
    StartWrite(&current_);
  }

  // Finishes the stream with `status` once its write in flight (if any) is done.
  void End(grpc::Status status) {
    {
      std::lock_guard lock(mutex_);
      if (ending_) return;
      ending_ = true;
      final_status_ = std::move(status);
      if (writing_) return;
    }
    Finish(final_status_);
  }

  void OnWriteDone(bool ok) override {
    std::unique_lock lock(mutex_);
    if (!ok && !ending_) {
      ending_ = true;
      final_status_ = grpc::Status(grpc::StatusCode::CANCELLED, "the client went away");
    }
    if (ending_) {
      writing_ = false;
      queue_.clear();
      lock.unlock();
      Finish(final_status_);
      return;
    }
    if (!queue_.empty()) {
      current_ = std::move(queue_.front());
      queue_.pop_front();
      lock.unlock();
      StartWrite(&current_);
      return;
    }
    writing_ = false;
    lock.unlock();
    feed_.changes_.Notify();  // ready for the next batch now, not at the next poll
  }

  void OnCancel() override { End(grpc::Status(grpc::StatusCode::CANCELLED, "the client cancelled the stream")); }

  // gRPC is done with the stream: the feed drops it, which may delete it.
  void OnDone() override { feed_.Remove(this); }

 private:
  Subscription const subscription_;
  WatchChangesFeed& feed_;
  std::mutex mutex_;
  bool writing_ = false;
  bool ending_ = false;
  grpc::Status final_status_;
  std::deque<grpc::ByteBuffer> queue_;
  grpc::ByteBuffer current_;
};

WatchChangesFeed::WatchChangesFeed(domain::OutboxStore& outbox, domain::ChangeNotifier& changes, Settings settings)
    : outbox_(outbox), changes_(changes), settings_(settings), thread_([this] { Run(); }) {}

WatchChangesFeed::~WatchChangesFeed() {
  Stop();
  thread_.join();
}

domain::Result<WatchChangesFeed::Reactor*> WatchChangesFeed::Open(Subscription subscription) {
  std::lock_guard lock(mutex_);
  if (stopping_) {
    return domain::Unavailable("mercatod is shutting down; reconnect to another instance or retry shortly");
  }
  auto const limit_error = [](std::string message, int limit) {
    return domain::Error{domain::ErrorKind::kResourceExhausted, "WATCH_STREAM_LIMIT", std::move(message),
                         {{"limit", std::to_string(limit)}}};
  };
  if (static_cast<int>(streams_.size()) >= settings_.limits.total) {
    return limit_error("this mercatod already serves its limit of " + std::to_string(settings_.limits.total) +
                           " change streams; retry later or watch through another instance",
                       settings_.limits.total);
  }
  int& held = streams_per_caller_[subscription.caller_key];
  if (held >= settings_.limits.per_caller) {
    return limit_error("you already hold " + std::to_string(held) +
                           " change streams, the most one caller may; close one (one stream can watch "
                           "every aggregate type at once)",
                       settings_.limits.per_caller);
  }
  ++held;
  auto stream = std::make_shared<Stream>(*this, std::move(subscription));
  Reactor* reactor = stream.get();
  streams_.emplace(stream.get(), std::move(stream));
  changes_.Notify();  // its backlog, if any, goes out now
  return reactor;
}

void WatchChangesFeed::Stop() {
  std::vector<std::shared_ptr<Stream>> open;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    for (auto const& [key, stream] : streams_) open.push_back(stream);
  }
  for (auto const& stream : open) {
    stream->End(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                             "mercatod is shutting down; reconnect and resume from your last position"));
  }
  changes_.Notify();
}

std::size_t WatchChangesFeed::open_streams() {
  std::lock_guard lock(mutex_);
  return streams_.size();
}

void WatchChangesFeed::Remove(Stream* stream) {
  // Declared before the lock so that the stream is destroyed after the lock is released.
  std::shared_ptr<Stream> last_reference;
  std::lock_guard lock(mutex_);
  auto found = streams_.find(stream);
  if (found == streams_.end()) return;
  auto held = streams_per_caller_.find(found->second->subscription().caller_key);
  if (held != streams_per_caller_.end() && --held->second == 0) streams_per_caller_.erase(held);
  last_reference = std::move(found->second);
  streams_.erase(found);
}

void WatchChangesFeed::Run() {
  for (;;) {
    auto const seen = changes_.generation();
    std::vector<std::shared_ptr<Stream>> open;
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
      open.reserve(streams_.size());
      for (auto const& [key, stream] : streams_) open.push_back(stream);
    }
    if (!open.empty()) Round(open);
    open.clear();
    changes_.WaitPast(seen, settings_.poll);
  }
}

void WatchChangesFeed::Round(std::vector<std::shared_ptr<Stream>> const& streams) {
  auto const last = outbox_.LastPosition();
  if (!last) {
    // Streams stay open through a database hiccup and catch up once it reads again.
    spdlog::warn("change feed: cannot read the outbox position: {}", last.error().message);
    return;
  }
  for (auto const& stream : streams) {
    if (stream->read_through_ >= *last || !stream->ReadyForMore()) continue;
    auto const& subscription = stream->subscription();
    auto events = outbox_.ReadAfter(stream->position_, subscription.aggregate_types, settings_.batch);
    if (!events) {
      spdlog::warn("change feed: cannot read the outbox: {}", events.error().message);
      return;
    }
    // A short batch read everything sequenced when `last` was read; a full one may have more.
    if (static_cast<int>(events->size()) < settings_.batch) stream->read_through_ = *last;
    std::deque<grpc::ByteBuffer> responses;
    for (auto& event : *events) {
      stream->position_ = event.position();
      v1::WatchChangesResponse response;
      *response.mutable_event() = domain::CatalogEventFor(subscription.caller, std::move(event));
      responses.push_back(SerializeResponse(response));
    }
    stream->Send(std::move(responses));
  }
}

}  // namespace mercato::api
