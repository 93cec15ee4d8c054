// ClientHandle's lifecycle: construction from the JS options, close(), cacheStats(), the session
// (login, logout, loggedIn, me), and the method table (the catalog and inventory methods are in
// catalog_calls.cc and inventory_calls.cc).
#include "client_handle.h"

#include <utility>
#include <vector>

#include "js_args.h"
#include "js_error.h"
#include "proto_js.h"
#include "promise_call.h"
#include "rpc_call.h"

namespace mercato::node {
namespace {

// CatalogService.WatchChanges for rpc_call.h's Stream.
struct CatalogWatchChanges {
  using Request = v1::WatchChangesRequest;
  static AsyncStream<v1::WatchChangesResponse> Open(Client const& client, Request const& request,
                                                    CallOptions const& opts) {
    return client.catalog().WatchChanges(request, opts);
  }
};

}  // namespace

Napi::Function ClientHandle::DefineClass(Napi::Env env) {
  std::vector<PropertyDescriptor> methods = {
      InstanceMethod<&ClientHandle::Close>("close"),
      InstanceMethod<&ClientHandle::CacheStats>("cacheStats"),
      InstanceMethod<&ClientHandle::Login>("login"),
      InstanceMethod<&ClientHandle::Logout>("logout"),
      InstanceMethod<&ClientHandle::LoggedIn>("loggedIn"),
      InstanceMethod<&ClientHandle::Me>("me"),
      InstanceMethod<&ClientHandle::GetCategory>("getCategory"),
      InstanceMethod<&ClientHandle::ListCategories>("listCategories"),
      InstanceMethod<&ClientHandle::CreateCategory>("createCategory"),
      InstanceMethod<&ClientHandle::UpdateCategory>("updateCategory"),
      InstanceMethod<&ClientHandle::DeleteCategory>("deleteCategory"),
      InstanceMethod<&ClientHandle::GetProduct>("getProduct"),
      InstanceMethod<&ClientHandle::GetProductBySku>("getProductBySku"),
      InstanceMethod<&ClientHandle::ListProducts>("listProducts"),
      InstanceMethod<&ClientHandle::BatchGetProducts>("batchGetProducts"),
      InstanceMethod<&ClientHandle::CreateProduct>("createProduct"),
      InstanceMethod<&ClientHandle::UpdateProduct>("updateProduct"),
      InstanceMethod<&ClientHandle::ArchiveProduct>("archiveProduct"),
      InstanceMethod<&ClientHandle::Stream<CatalogWatchChanges>>("catalog_watchChanges"),
      InstanceMethod<&ClientHandle::GetStock>("getStock"),
      InstanceMethod<&ClientHandle::BatchGetStock>("batchGetStock"),
      InstanceMethod<&ClientHandle::ListStock>("listStock"),
      InstanceMethod<&ClientHandle::AdjustStock>("adjustStock"),
      InstanceMethod<&ClientHandle::Reserve>("reserve"),
      InstanceMethod<&ClientHandle::ExtendReservation>("extendReservation"),
      InstanceMethod<&ClientHandle::CommitReservation>("commitReservation"),
      InstanceMethod<&ClientHandle::ReleaseReservation>("releaseReservation"),
      InstanceMethod<&ClientHandle::GetReservation>("getReservation"),
      InstanceMethod<&ClientHandle::ListMovements>("listMovements"),
  };
  for (auto& method : GeneratedMethods()) methods.push_back(std::move(method));
  return ObjectWrap::DefineClass(env, "ClientHandle", methods);
}

// Building a Client does no I/O (the channel connects on first use), so it is done right here.
ClientHandle::ClientHandle(Napi::CallbackInfo const& info)
    : ObjectWrap(info), client_(std::make_shared<Client>(ClientOptionsArg(info, 0))) {}

Napi::Value ClientHandle::Close(Napi::CallbackInfo const& info) {
  // Destroying the client cancels its cache watcher's stream and joins that thread, which then
  // ends at once. Calls still in flight keep the client alive until they settle (promise_call.h);
  // the server streams it opened end now, a pending read with CANCELLED.
  client_.reset();
  for (auto const& stream : std::exchange(streams_, {})) {
    if (auto source = stream.lock()) source->Cancel();
  }
  auto deferred = Napi::Promise::Deferred::New(info.Env());
  deferred.Resolve(info.Env().Undefined());
  return deferred.Promise();
}

Napi::Value ClientHandle::CacheStats(Napi::CallbackInfo const& info) {
  Napi::Env env = info.Env();
  if (!client_) throw Napi::Error(env, ToJsError(env, ClientClosedStatus()));
  mercato::CacheStats const stats = client_->catalog().cache_stats();
  Napi::Object object = Napi::Object::New(env);
  object.Set("hits", static_cast<double>(stats.hits));
  object.Set("misses", static_cast<double>(stats.misses));
  object.Set("evictions", static_cast<double>(stats.evictions));
  object.Set("expirations", static_cast<double>(stats.expirations));
  object.Set("size", static_cast<double>(stats.size));
  return object;
}

Napi::Value ClientHandle::Login(Napi::CallbackInfo const& info) {
  auto const client = client_;  // user code in the arguments may call close()
  if (!client) return RejectedPromise(info.Env(), ClientClosedStatus());
  return StartCall<Done>(
      info.Env(), client, &UndefinedToJs,
      [client, email = StringArg(info, 0, "email"), password = StringArg(info, 1, "password"),
       opts = CallOptionsArg(info, 2)](auto done) {
        client->AsyncLogin(email, password, opts, AsStatusCompletion(std::move(done)));
      });
}

Napi::Value ClientHandle::Logout(Napi::CallbackInfo const& info) {
  auto const client = client_;  // user code in the arguments may call close()
  if (!client) return RejectedPromise(info.Env(), ClientClosedStatus());
  return StartCall<Done>(
      info.Env(), client, &UndefinedToJs,
      [client, opts = CallOptionsArg(info, 0)](auto done) {
        client->AsyncLogout(opts, AsStatusCompletion(std::move(done)));
      });
}

Napi::Value ClientHandle::LoggedIn(Napi::CallbackInfo const& info) {
  return Napi::Boolean::New(info.Env(), client_ && client_->logged_in());
}

Napi::Value ClientHandle::Me(Napi::CallbackInfo const& info) {
  auto const client = client_;  // user code in the arguments may call close()
  if (!client) return RejectedPromise(info.Env(), ClientClosedStatus());
  return StartCall<v1::User>(
      info.Env(), client, &MessageResultToJs<v1::User>,
      [client, opts = CallOptionsArg(info, 0)](auto done) { client->AsyncMe(opts, std::move(done)); });
}

}  // namespace mercato::node
