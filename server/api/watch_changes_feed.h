// WatchChangesFeed: serves every open CatalogService.WatchChanges stream from one thread, so that
// an idle stream holds no thread, only its entry here (gRPC's callback API: each stream is a
// reactor, written to when the feed has events for it).
//
// The feed thread wakes when the outbox relay sequences events on this instance (ChangeNotifier),
// when a stream has drained its writes, or every `poll` to find events sequenced by other
// instances. A round costs one LastPosition read however many streams are open; only a stream
// that has not yet read up to the last position reads its next batch.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <grpcpp/support/byte_buffer.h>
#include <grpcpp/support/server_callback.h>

#include "server/domain/error.h"
#include "server/domain/events/change_notifier.h"
#include "server/domain/events/outbox_store.h"
#include "server/domain/identity/principal.h"

namespace mercato::api {

class WatchChangesFeed {
 public:
  // Every open stream costs memory and a share of each round; these bound what one caller and
  // what everyone together may hold open.
  struct Limits {
    int per_caller = 32;    // streams one signed-in user, or one anonymous client address, may hold
    int per_address = 256;  // streams one client address may hold, whatever accounts it uses
    int total = 10'000;     // streams this instance holds
  };
  struct Settings {
    std::chrono::milliseconds poll{200};  // finds events sequenced by other instances
    int batch = 500;                      // events one stream reads per round
    Limits limits;
  };
  // A subscription the handler has validated.
  struct Subscription {
    domain::Principal caller;
    std::string caller_key;                    // Gateway::CallerKey of the caller
    std::string address_key;                   // Gateway::CallerKey of an anonymous caller there
    bool service_account = false;              // a fleet sharing one token: no per-caller limit
    std::vector<std::string> aggregate_types;  // empty: every type
    std::int64_t after_position = 0;           // the stream starts after this outbox position
  };
  using Reactor = grpc::ServerWriteReactor<grpc::ByteBuffer>;

  WatchChangesFeed(domain::OutboxStore& outbox, domain::ChangeNotifier& changes, Settings settings);
  // Stops and joins the feed thread; the gRPC server must have finished every stream before.
  ~WatchChangesFeed();
  WatchChangesFeed(WatchChangesFeed const&) = delete;
  WatchChangesFeed& operator=(WatchChangesFeed const&) = delete;

  // The reactor that serves `subscription` until the client leaves or Stop(). Errors:
  // RESOURCE_EXHAUSTED (WATCH_STREAM_LIMIT) when the caller or the instance is at its limit,
  // UNAVAILABLE once Stop() ran.
  domain::Result<Reactor*> Open(Subscription subscription);

  // Ends every open stream with UNAVAILABLE ("reconnect and resume") and refuses new ones, so
  // that a shutting-down server does not wait for watchers. Returns without waiting.
  void Stop();

  // Streams open now (for /metrics).
  std::size_t open_streams();

 private:
  class Stream;

  void Run();
  // Sends each stream that is ready the events it has not seen.
  void Round(std::vector<std::shared_ptr<Stream>> const& streams);
  void Remove(Stream* stream);
  // Counts one stream less against `key` (mutex_ held).
  void Release(std::string const& key);

  domain::OutboxStore& outbox_;
  domain::ChangeNotifier& changes_;
  Settings settings_;
  std::mutex mutex_;
  std::map<Stream*, std::shared_ptr<Stream>> streams_;
  std::map<std::string, int> streams_per_key_;  // by caller key and by address key
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace mercato::api
