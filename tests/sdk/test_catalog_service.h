// An in-process CatalogService for SDK tests: GetProduct and UpdateProduct answer from one script
// (status, error details in trailing metadata, request id), WatchChanges streams the events a
// test pushes.
// Listens on 127.0.0.1 on a free port.
#pragma once

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "mercato/v1/catalog.grpc.pb.h"
#include "mercato/v1/errors.pb.h"

namespace mercato::testing {

class TestCatalogService final : public v1::CatalogService::Service {
 public:
  struct Reply {
    grpc::StatusCode code = grpc::StatusCode::OK;
    std::string message;
    std::optional<v1::ErrorInfo> error_info;
    std::optional<std::chrono::milliseconds> retry_delay;
    std::string trailing_request_id;
    std::string initial_request_id;
    v1::Product product;
  };

  // GetProduct and UpdateProduct answer with these in order.
  void Script(std::vector<Reply> replies) {
    std::lock_guard lock(mu_);
    replies_.assign(replies.begin(), replies.end());
  }
  std::vector<std::string> authorization_headers() {
    std::lock_guard lock(mu_);
    return authorization_headers_;
  }
  // The request_id of each UpdateProduct received.
  std::vector<std::string> update_request_ids() {
    std::lock_guard lock(mu_);
    return update_request_ids_;
  }

  grpc::Status GetProduct(grpc::ServerContext* context, v1::GetProductRequest const*,
                          v1::GetProductResponse* response) override {
    auto reply = NextReply(context);
    if (!reply) return grpc::Status(grpc::StatusCode::INTERNAL, "no scripted reply");
    return Answer(context, *reply, response->mutable_product());
  }

  grpc::Status UpdateProduct(grpc::ServerContext* context, v1::UpdateProductRequest const* request,
                             v1::UpdateProductResponse* response) override {
    {
      std::lock_guard lock(mu_);
      update_request_ids_.push_back(request->request_id());
    }
    auto reply = NextReply(context);
    if (!reply) return grpc::Status(grpc::StatusCode::INTERNAL, "no scripted reply");
    return Answer(context, *reply, response->mutable_product());
  }

  // Records the call's credentials and takes the next scripted reply.
  std::optional<Reply> NextReply(grpc::ServerContext* context) {
    std::lock_guard lock(mu_);
    auto const auth = context->client_metadata().find("authorization");
    authorization_headers_.emplace_back(
        auth == context->client_metadata().end() ? "" : std::string(auth->second.data(), auth->second.size()));
    if (replies_.empty()) return std::nullopt;
    Reply reply = replies_.front();
    replies_.pop_front();
    return reply;
  }

  static grpc::Status Answer(grpc::ServerContext* context, Reply const& reply, v1::Product* product) {
    if (!reply.initial_request_id.empty()) context->AddInitialMetadata("x-request-id", reply.initial_request_id);
    if (!reply.trailing_request_id.empty()) context->AddTrailingMetadata("x-request-id", reply.trailing_request_id);
    if (reply.error_info) context->AddTrailingMetadata("mercato-error-info-bin", reply.error_info->SerializeAsString());
    if (reply.retry_delay) {
      v1::RetryInfo info;
      auto const ms = reply.retry_delay->count();
      info.mutable_retry_delay()->set_seconds(ms / 1000);
      info.mutable_retry_delay()->set_nanos(static_cast<std::int32_t>((ms % 1000) * 1'000'000));
      context->AddTrailingMetadata("mercato-retry-info-bin", info.SerializeAsString());
    }
    if (reply.code != grpc::StatusCode::OK) return grpc::Status(reply.code, reply.message);
    *product = reply.product;
    return grpc::Status::OK;
  }

  // Delivered, in order, to the open WatchChanges stream (or the next one to open).
  void PushEvent(v1::EventEnvelope event) {
    std::lock_guard lock(mu_);
    events_.push_back(std::move(event));
    changed_.notify_all();
  }
  // Ends the open WatchChanges stream with `status`.
  void EndStream(grpc::Status status) {
    std::lock_guard lock(mu_);
    end_with_ = std::move(status);
    changed_.notify_all();
  }
  // Waits (up to 5 s) until `count` WatchChanges calls have started; returns their requests.
  std::vector<v1::WatchChangesRequest> WaitForWatchRequests(std::size_t count) {
    std::unique_lock lock(mu_);
    changed_.wait_for(lock, std::chrono::seconds(5), [&] { return watch_requests_.size() >= count; });
    return watch_requests_;
  }
  // Waits (up to 5 s) until `count` WatchChanges calls have ended because the client cancelled.
  bool WaitForCancelledStreams(int count) {
    std::unique_lock lock(mu_);
    return changed_.wait_for(lock, std::chrono::seconds(5), [&] { return cancelled_streams_ >= count; });
  }

  grpc::Status WatchChanges(grpc::ServerContext* context, v1::WatchChangesRequest const* request,
                            grpc::ServerWriter<v1::WatchChangesResponse>* writer) override {
    writer->SendInitialMetadata();
    std::unique_lock lock(mu_);
    watch_requests_.push_back(*request);
    changed_.notify_all();
    while (true) {
      // Polls for cancellation: the sync API has no callback for it.
      changed_.wait_for(lock, std::chrono::milliseconds(10), [&] { return !events_.empty() || end_with_; });
      if (context->IsCancelled()) {
        ++cancelled_streams_;
        changed_.notify_all();
        return grpc::Status::CANCELLED;
      }
      if (end_with_) {
        grpc::Status status = *end_with_;
        end_with_.reset();
        return status;
      }
      while (!events_.empty()) {
        v1::WatchChangesResponse response;
        *response.mutable_event() = events_.front();
        events_.pop_front();
        lock.unlock();
        writer->Write(response);
        lock.lock();
      }
    }
  }

 private:
  std::mutex mu_;
  std::condition_variable changed_;
  std::deque<Reply> replies_;
  std::vector<std::string> authorization_headers_;
  std::vector<std::string> update_request_ids_;
  std::deque<v1::EventEnvelope> events_;
  std::optional<grpc::Status> end_with_;
  std::vector<v1::WatchChangesRequest> watch_requests_;
  int cancelled_streams_ = 0;
};

// A gRPC server on 127.0.0.1:<free port> serving one service until destroyed.
class InProcessServer {
 public:
  explicit InProcessServer(grpc::Service* service) {
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port_);
    builder.RegisterService(service);
    server_ = builder.BuildAndStart();
    EXPECT_TRUE(server_ != nullptr && port_ != 0) << "cannot start the in-process server";
  }
  ~InProcessServer() { server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5)); }

  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

 private:
  int port_ = 0;
  std::unique_ptr<grpc::Server> server_;
};

}  // namespace mercato::testing
