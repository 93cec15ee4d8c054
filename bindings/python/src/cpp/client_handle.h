// ClientHandle: the SDK client behind one mercato.Client, shared by its per-service clients;
// close() lets it go (calls in flight keep the copy they use) and ends the server streams it opened.
// Every method needs the GIL, which orders them: a cache hit takes no lock of this handle's.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <pybind11/pybind11.h>

#include "mercato/client.h"
#include "message_stream.h"

namespace mercato::python {

class ClientHandle : public std::enable_shared_from_this<ClientHandle> {
 public:
  explicit ClientHandle(Options options)
      : endpoint_(options.endpoint), client_(std::in_place, std::move(options)), catalog_(client_->catalog().connection()) {}

  // ValueError when closed.
  void CheckOpen() const {
    if (!client_) throw pybind11::value_error("operation on a closed mercato.Client");
  }

  // A copy of the SDK client (copies share the channel, cache and session); ValueError when closed.
  Client Get() {
    CheckOpen();
    return *client_;
  }

  // A server stream opened through this client, for Close() to end.
  void TrackStream(std::weak_ptr<MessageStream::Source> stream) {
    std::erase_if(streams_, [](auto const& s) { return s.expired(); });
    streams_.push_back(std::move(stream));
  }

  void Close() {
    std::optional<Client> closing;
    std::shared_ptr<CatalogConnection> catalog;
    std::vector<std::weak_ptr<MessageStream::Source>> streams;
    closing.swap(client_);
    catalog.swap(catalog_);
    streams.swap(streams_);
    for (auto const& stream : streams) {
      if (auto source = stream.lock()) source->Cancel();
    }
    pybind11::gil_scoped_release release;  // stopping the cache's watcher joins its thread
    catalog.reset();
    closing.reset();
  }

  // The catalog client alone: one shared_ptr copy, for the cached reads' hot path.
  CatalogClient Catalog() {
    CheckOpen();
    return CatalogClient(catalog_);
  }

  // The catalog connection, null once closed: what a cache hit reads, with no copy of a client
  // (two atomic reference counts) on its way.
  CatalogConnection* catalog_connection() const { return catalog_.get(); }

  bool closed() const { return !client_; }

  std::string const& endpoint() const { return endpoint_; }

 private:
  std::string const endpoint_;
  std::optional<Client> client_;
  std::shared_ptr<CatalogConnection> catalog_;  // client_'s, held while it is
  std::vector<std::weak_ptr<MessageStream::Source>> streams_;
};

}  // namespace mercato::python
