// The three shapes of a generated native method (generated_methods.cc): `Unary<Rpc>` reads the
// request from info[0] (a plain object, optional) and the call options from info[1], then starts
// the RPC and returns the promise of its result; `List<Rpc>` returns a ListCursor over its pages;
// `Stream<Rpc>` a StreamCursor over a server stream. `Rpc` names the types and the SDK call:
// Request, and Result + Start(client, request, opts, done), or Pages(client, request,
// opts), or Open(client, request, opts).
#pragma once

#include <utility>

#include "client_handle.h"
#include "js_args.h"
#include "js_error.h"
#include "list_cursor.h"
#include "promise_call.h"
#include "proto_js.h"
#include "stream_cursor.h"

namespace mercato::node {

template <typename Rpc>
Napi::Value ClientHandle::Unary(Napi::CallbackInfo const& info) {
  auto const client = client_;  // user code in the arguments may call close()
  if (!client) return RejectedPromise(info.Env(), ClientClosedStatus());
  typename Rpc::Request request;
  JsToMessage(ObjectArg(info, 0, "request", /*optional=*/true), &request);
  return StartCall<typename Rpc::Result>(
      info.Env(), client, &MessageResultToJs<typename Rpc::Result>,
      [client, request = std::move(request), opts = CallOptionsArg(info, 1)](auto done) {
        Rpc::Start(*client, request, opts, std::move(done));
      });
}

template <typename Rpc>
Napi::Value ClientHandle::List(Napi::CallbackInfo const& info) {
  auto const client = client_;  // user code in the arguments may call close()
  if (!client) throw Napi::Error(info.Env(), ToJsError(info.Env(), ClientClosedStatus()));
  typename Rpc::Request request;
  JsToMessage(ObjectArg(info, 0, "request", /*optional=*/true), &request);
  auto pages = Rpc::Pages(*client, request, CallOptionsArg(info, 1));
  return ListCursor::New(info.Env(), MakePageCursor(std::move(pages)), client);
}

template <typename Rpc>
Napi::Value ClientHandle::Stream(Napi::CallbackInfo const& info) {
  auto const client = client_;  // user code in the arguments may call close()
  if (!client) throw Napi::Error(info.Env(), ToJsError(info.Env(), ClientClosedStatus()));
  typename Rpc::Request request;
  JsToMessage(ObjectArg(info, 0, "request", /*optional=*/true), &request);
  auto source = MakeMessageSource(Rpc::Open(*client, request, CallOptionsArg(info, 1)));
  std::erase_if(streams_, [](auto const& stream) { return stream.expired(); });
  streams_.push_back(source);
  return StreamCursor::New(info.Env(), std::move(source), client);
}

}  // namespace mercato::node
