// mercato.MessageStream: the result of a server-streaming method (analytics.export_orders,
// catalog.watch_changes). Iterating it waits for each message with the GIL released; on the main
// thread in slices of 100 ms between which Ctrl-C is honoured (an interrupted wait resumes on the
// next __next__);
// iteration ends when the server ends the stream, and a failed stream raises its error. close(),
// the client's close(), or dropping the last reference, cancels the call. One thread reads a stream at a time: a second
// reader raises ValueError.
#pragma once

#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <utility>

#include <google/protobuf/message.h>
#include <pybind11/pybind11.h>

#include "mercato/async_stream.h"

namespace mercato::python {

class MessageStream {
 public:
  using Message = std::shared_ptr<google::protobuf::Message const>;  // null: the stream has ended

  // The stream's reads, of any message type; Cancel() ends it (the client's close() calls it too).
  // Used with the GIL held, which orders every call.
  class Source {
   public:
    virtual ~Source() = default;
    virtual void Next(std::function<void(StatusOr<Message>)> done) = 0;
    virtual void Cancel() = 0;
    virtual bool open() const = 0;
  };

  template <typename T>
  explicit MessageStream(AsyncStream<T> stream) : source_(std::make_shared<TypedSource<T>>(std::move(stream))) {}

  // The next message; StopIteration at the end. Needs the GIL.
  pybind11::object Next();
  // Cancels the call; later __next__ raise StopIteration.
  void Close() { source_->Cancel(); }

  std::shared_ptr<Source> const& source() const { return source_; }

 private:
  template <typename T>
  class TypedSource final : public Source {
   public:
    explicit TypedSource(AsyncStream<T> stream) : stream_(std::move(stream)) {}
    void Next(std::function<void(StatusOr<Message>)> done) override {
      stream_->Next([done = std::move(done)](StatusOr<std::optional<T>> message) {
        if (!message) return done(std::move(message).status());
        if (!*message) return done(Message());
        done(Message(std::make_shared<T const>(std::move(**message))));
      });
    }
    void Cancel() override { stream_.reset(); }  // its last copy: the call is cancelled
    bool open() const override { return stream_.has_value(); }

   private:
    std::optional<AsyncStream<T>> stream_;
  };

  std::shared_ptr<Source> source_;
  std::optional<std::shared_future<StatusOr<Message>>> pending_;  // a read an interrupt left waiting
  bool reading_ = false;                                            // a thread waits in Next()
};

void RegisterMessageStream(pybind11::module_& m);

}  // namespace mercato::python
