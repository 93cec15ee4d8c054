// ClientHandle: the native object behind the JS Client. Owns a mercato::Client (channel, retry
// policy, local cache) until close(); its catalog and inventory methods (catalog_calls.cc,
// inventory_calls.cc) and the generated ones (generated_methods.cc) start one asynchronous SDK call
// each (promise_call.h), or return a ListCursor for lists.
#pragma once

#include <memory>
#include <vector>

#include <napi.h>

#include "mercato/client.h"
#include "stream_cursor.h"

namespace mercato::node {

class ClientHandle final : public Napi::ObjectWrap<ClientHandle> {
 public:
  static Napi::Function DefineClass(Napi::Env env);

  // new Client({endpoint, token, timeoutMs, cache, cacheTtlMs, retries}).
  explicit ClientHandle(Napi::CallbackInfo const& info);

 private:
  // Resolves once the client is released; harmless when already closed.
  Napi::Value Close(Napi::CallbackInfo const& info);
  Napi::Value CacheStats(Napi::CallbackInfo const& info);

  // The session (Client::Login / Logout / logged_in / Me), shared by every call of this client.
  Napi::Value Login(Napi::CallbackInfo const& info);
  Napi::Value Logout(Napi::CallbackInfo const& info);
  Napi::Value LoggedIn(Napi::CallbackInfo const& info);
  Napi::Value Me(Napi::CallbackInfo const& info);

  Napi::Value GetCategory(Napi::CallbackInfo const& info);
  Napi::Value ListCategories(Napi::CallbackInfo const& info);
  Napi::Value CreateCategory(Napi::CallbackInfo const& info);
  Napi::Value UpdateCategory(Napi::CallbackInfo const& info);
  Napi::Value DeleteCategory(Napi::CallbackInfo const& info);
  Napi::Value GetProduct(Napi::CallbackInfo const& info);
  Napi::Value GetProductBySku(Napi::CallbackInfo const& info);
  Napi::Value ListProducts(Napi::CallbackInfo const& info);
  Napi::Value BatchGetProducts(Napi::CallbackInfo const& info);
  Napi::Value CreateProduct(Napi::CallbackInfo const& info);
  Napi::Value UpdateProduct(Napi::CallbackInfo const& info);
  Napi::Value ArchiveProduct(Napi::CallbackInfo const& info);

  // Inventory (inventory_calls.cc).
  Napi::Value GetStock(Napi::CallbackInfo const& info);
  Napi::Value BatchGetStock(Napi::CallbackInfo const& info);
  Napi::Value ListStock(Napi::CallbackInfo const& info);
  Napi::Value AdjustStock(Napi::CallbackInfo const& info);
  Napi::Value Reserve(Napi::CallbackInfo const& info);
  Napi::Value ExtendReservation(Napi::CallbackInfo const& info);
  Napi::Value CommitReservation(Napi::CallbackInfo const& info);
  Napi::Value ReleaseReservation(Napi::CallbackInfo const& info);
  Napi::Value GetReservation(Napi::CallbackInfo const& info);
  Napi::Value ListMovements(Napi::CallbackInfo const& info);

  // The generated methods (generated_methods.cc), one per RPC of the generated service clients, and
  // their three shapes (rpc_call.h).
  static std::vector<PropertyDescriptor> GeneratedMethods();
  template <typename Rpc>
  Napi::Value Unary(Napi::CallbackInfo const& info);
  template <typename Rpc>
  Napi::Value List(Napi::CallbackInfo const& info);
  template <typename Rpc>
  Napi::Value Stream(Napi::CallbackInfo const& info);

  // The server streams this client opened, so that close() cancels those still open (a pending
  // read would otherwise keep the process alive). JS thread only.
  std::vector<std::weak_ptr<MessageSource>> streams_;

  // Null after close(). Calls in flight hold their own reference (see PromiseCall).
  std::shared_ptr<Client> client_;
};

}  // namespace mercato::node
