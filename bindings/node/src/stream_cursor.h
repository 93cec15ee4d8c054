// StreamCursor: the native side of a JS MessageStream (lib/stream.js). Each next() reads one message
// of the SDK's AsyncStream and settles with it as a plain object, or with null once the server has
// ended the stream; no thread waits for a message. close() (or the cursor's garbage collection)
// cancels the call.
#pragma once

#include <memory>
#include <optional>
#include <utility>

#include <google/protobuf/message.h>
#include <napi.h>

#include "mercato/async_stream.h"
#include "mercato/client.h"

namespace mercato::node {

// The messages of a server stream, of any type; null once it has ended.
class MessageSource {
 public:
  using Message = std::shared_ptr<google::protobuf::Message const>;
  virtual ~MessageSource() = default;
  virtual void Next(Completion<Message> done) = 0;
  // Cancels the call (a pending Next completes with CANCELLED); later Next()s see the end. JS thread.
  virtual void Cancel() = 0;
};

template <typename T>
class AsyncStreamSource final : public MessageSource {
 public:
  explicit AsyncStreamSource(AsyncStream<T> stream) : stream_(std::move(stream)) {}

  void Next(Completion<Message> done) override {
    stream_.Next([done = std::move(done)](StatusOr<std::optional<T>> message) {
      if (!message) return done(std::move(message).status());
      if (!*message) return done(Message());
      done(Message(std::make_shared<T const>(std::move(**message))));
    });
  }

  void Cancel() override { stream_ = AsyncStream<T>(); }  // its last copy: the call is cancelled

 private:
  AsyncStream<T> stream_;
};

template <typename T>
std::shared_ptr<MessageSource> MakeMessageSource(AsyncStream<T> stream) {
  return std::make_shared<AsyncStreamSource<T>>(std::move(stream));
}

class StreamCursor final : public Napi::ObjectWrap<StreamCursor> {
 public:
  static Napi::Function DefineClass(Napi::Env env);
  // A JS StreamCursor over `source`; `client` only while alive: after close(), next() rejects.
  static Napi::Object New(Napi::Env env, std::shared_ptr<MessageSource> source, std::weak_ptr<Client> client);

  explicit StreamCursor(Napi::CallbackInfo const& info);

 private:
  // Promise<object | null>: the next message; null once the stream has ended or was closed.
  Napi::Value Next(Napi::CallbackInfo const& info);
  // Cancels the call; harmless twice.
  Napi::Value Close(Napi::CallbackInfo const& info);

  std::shared_ptr<MessageSource> source_;
  std::weak_ptr<Client> client_;
};

}  // namespace mercato::node
