// The WatchChanges follow loop: open, read until the stream ends, reconnect with backoff.
#include "sdk/src/catalog_change_watcher.h"

#include <utility>

#include "sdk/src/backoff.h"
#include "sdk/src/call_settings.h"

namespace mercato::internal {

CatalogChangeWatcher::CatalogChangeWatcher(std::shared_ptr<v1::CatalogService::StubInterface> stub,
                                           std::string bearer_token, RetryPolicy reconnect_backoff,
                                           Handlers handlers)
    : stub_(std::move(stub)),
      bearer_token_(std::move(bearer_token)),
      reconnect_backoff_(reconnect_backoff),
      handlers_(std::move(handlers)),
      thread_([this] { Run(); }) {}

CatalogChangeWatcher::~CatalogChangeWatcher() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    if (active_call_ != nullptr) active_call_->TryCancel();
  }
  stop_requested_.notify_all();
  thread_.join();
}

void CatalogChangeWatcher::Run() {
  FullJitterBackoff backoff(reconnect_backoff_);
  while (true) {
    grpc::ClientContext context;
    // A stream has no deadline. With a token no header can carry, the cache runs without
    // invalidation (each call reports the token); gRPC would abort the process on it.
    if (!PrepareContext(context, bearer_token_, std::nullopt).ok()) return;
    {
      std::lock_guard lock(mu_);
      if (stopping_) return;
      active_call_ = &context;
    }
    std::optional<std::int64_t> const position_before = last_position_;
    grpc::Status const status = FollowOnce(context);
    {
      std::lock_guard lock(mu_);
      active_call_ = nullptr;
      if (stopping_) return;
    }
    // A server without a change stream will not grow one: entries then live for the TTL only.
    if (status.error_code() == grpc::StatusCode::UNIMPLEMENTED) return;
    if (last_position_ != position_before) backoff.Reset();
    if (status.error_code() == grpc::StatusCode::OUT_OF_RANGE) last_position_.reset();
    if (!WaitToReconnect(backoff.NextDelay())) return;
  }
}

grpc::Status CatalogChangeWatcher::FollowOnce(grpc::ClientContext& context) {
  v1::WatchChangesRequest request;
  request.add_aggregate_types("product");
  request.add_aggregate_types("category");
  bool const from_now = !last_position_.has_value();
  if (!from_now) request.set_after_position(*last_position_);

  auto reader = stub_->WatchChanges(&context, request);
  // Once the server has answered, the subscription is in place: what happens after it will arrive.
  reader->WaitForInitialMetadata();
  if (from_now) handlers_.on_resubscribed_from_now();
  v1::WatchChangesResponse response;
  while (reader->Read(&response)) {
    last_position_ = response.event().position();
    handlers_.on_event(response.event());
  }
  return reader->Finish();
}

bool CatalogChangeWatcher::WaitToReconnect(std::chrono::milliseconds delay) {
  std::unique_lock lock(mu_);
  return !stop_requested_.wait_for(lock, delay, [this] { return stopping_; });
}

}  // namespace mercato::internal
