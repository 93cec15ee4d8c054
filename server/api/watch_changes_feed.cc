// The feed thread and the stream reactor. A stream's writes are a small state machine under its
// own mutex, never held while calling into gRPC (a reaction may run inline on the calling thread):
// at most one write in flight, and Finish exactly once, by whoever leaves the stream idle.
#include "server/api/watch_changes_feed.h"

#include <spdlog/spdlog.h>

#include <deque>
#include <map>
#include <tuple>
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
  int& at_address = streams_per_key_[subscription.address_key];
  if (at_address >= settings_.limits.per_address) {
    return limit_error("your network address already holds " + std::to_string(at_address) +
                           " change streams, the most one address may; close some",
                       settings_.limits.per_address);
  }
  // Anonymous: the caller is the address, one counter. Signed in: the user's own count too.
  bool const own_count = subscription.caller_key != subscription.address_key;
  int& held = streams_per_key_[subscription.caller_key];
  if (!subscription.service_account && held >= settings_.limits.per_caller) {
    return limit_error("you already hold " + std::to_string(held) +
                           " change streams, the most one caller may; close one (one stream can watch "
                           "every aggregate type at once)",
                       settings_.limits.per_caller);
  }
  ++at_address;
  if (own_count) ++held;
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

void WatchChangesFeed::Release(std::string const& key) {
  auto held = streams_per_key_.find(key);
  if (held != streams_per_key_.end() && --held->second == 0) streams_per_key_.erase(held);
}

void WatchChangesFeed::Remove(Stream* stream) {
  // Declared before the lock so that the stream is destroyed after the lock is released.
  std::shared_ptr<Stream> last_reference;
  std::lock_guard lock(mutex_);
  auto found = streams_.find(stream);
  if (found == streams_.end()) return;
  auto const& subscription = found->second->subscription();
  Release(subscription.address_key);
  if (subscription.caller_key != subscription.address_key) Release(subscription.caller_key);
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
  // Streams at the same position with the same filter and the same view (what CatalogEventFor
  // shows depends only on whether the caller is staff) share one read and one serialization:
  // thousands of caught-up watchers cost one query per change, not one each.
  using Key = std::tuple<std::int64_t, std::vector<std::string>, bool>;
  std::map<Key, std::vector<Stream*>> groups;
  for (auto const& stream : streams) {
    if (stream->read_through_ >= *last || !stream->ReadyForMore()) continue;
    auto const& subscription = stream->subscription();
    groups[{stream->position_, subscription.aggregate_types, subscription.caller.IsStaff()}].push_back(stream.get());
  }
  for (auto const& [key, members] : groups) {
    auto const& [position, types, staff] = key;
    auto events = outbox_.ReadAfter(position, types, settings_.batch);
    if (!events) {
      spdlog::warn("change feed: cannot read the outbox: {}", events.error().message);
      return;
    }
    // A short batch read everything sequenced when `last` was read; a full one may have more.
    bool const read_all = static_cast<int>(events->size()) < settings_.batch;
    // A stream holds at most about kMaxQueuedBytes of serialized events: one that does not read
    // costs that much, however large the backlog (the rest is read again when it drains).
    constexpr std::size_t kMaxQueuedBytes = 256 * 1024;
    std::size_t queued_bytes = 0;
    std::int64_t sent_through = position;
    std::deque<grpc::ByteBuffer> responses;
    domain::Principal const& viewer = members.front()->subscription().caller;
    for (auto& event : *events) {
      if (queued_bytes >= kMaxQueuedBytes) break;
      sent_through = event.position();
      v1::WatchChangesResponse response;
      *response.mutable_event() = domain::CatalogEventFor(viewer, std::move(event));
      responses.push_back(SerializeResponse(response));
      queued_bytes += responses.back().Length();
    }
    bool const caught_up = read_all && responses.size() == events->size();
    for (Stream* stream : members) {
      stream->position_ = sent_through;
      if (caught_up) stream->read_through_ = *last;
      stream->Send(responses);  // copies share the serialized bytes
    }
  }
}

}  // namespace mercato::api
