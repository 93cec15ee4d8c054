// ClientHandle's catalog methods: each reads its arguments into C++ values, then starts one
// asynchronous SDK call (promise_call.h) over CatalogClient (or, for lists, returns a ListCursor
// that fetches pages on demand). The cached reads look in the local cache first: a hit resolves
// at once with the cached value's frozen view, and starts no call.
#include <string>
#include <utility>
#include <vector>

#include "client_handle.h"
#include "js_args.h"
#include "js_error.h"
#include "list_cursor.h"
#include "proto_js.h"
#include "promise_call.h"

namespace mercato::node {
namespace {

template <typename Message>
Message MessageArg(Napi::CallbackInfo const& info, std::size_t index, char const* name) {
  Message message;
  JsToMessage(ObjectArg(info, index, name), &message);
  return message;
}

// A cached read (GetCategory, GetProduct, GetProductBySku) of the id or SKU in argument 0: the
// local cache's hit (`look`) resolves the promise at once with its frozen view; else `start`
// makes the call, whose answer is frozen like a hit when the client caches (and so shares it).
template <typename T>
Napi::Value CachedRead(Napi::CallbackInfo const& info, std::shared_ptr<Client> client, char const* key_name,
                       Shared<T> (CatalogConnection::*look)(std::string_view),
                       void (CatalogClient::*start)(std::string, CallOptions, Completion<Shared<T>>)) {
  if (!client) return RejectedPromise(info.Env(), ClientClosedStatus());
  auto key = StringArg(info, 0, key_name);
  auto opts = CallOptionsArg(info, 1);
  auto catalog = client->catalog();
  if (auto hit = opts.bypass_cache ? nullptr : ((*catalog.connection()).*look)(key)) {
    auto deferred = Napi::Promise::Deferred::New(info.Env());
    deferred.Resolve(SharedResultToJs<T>(info.Env(), hit));
    return deferred.Promise();
  }
  ResultToJs<Shared<T>> to_js = client->options().cache.enabled ? &FrozenResultToJs<T> : &PlainResultToJs<T>;
  return StartCall<Shared<T>>(info.Env(), std::move(client), to_js, [&](auto done) {
    (catalog.*start)(std::move(key), std::move(opts), std::move(done));
  });
}

}  // namespace

Napi::Value ClientHandle::GetCategory(Napi::CallbackInfo const& info) {
  // A copy: user code in the arguments may call close().
  return CachedRead<v1::Category>(
      info, client_, "categoryId", &CatalogConnection::CachedCategory, &CatalogClient::AsyncGetCategory);
}

Napi::Value ClientHandle::ListCategories(Napi::CallbackInfo const& info) {
  auto const client = client_;  // user code in the arguments may call close()
  if (!client) throw Napi::Error(info.Env(), ToJsError(info.Env(), ClientClosedStatus()));
  v1::ListCategoriesRequest request;
  JsToMessage(ObjectArg(info, 0, "options", /*optional=*/true), &request);
  auto pages = client->catalog().AsyncListCategories(std::move(request), CallOptionsArg(info, 1));
  return ListCursor::New(info.Env(), MakePageCursor(std::move(pages)), client);
}

Napi::Value ClientHandle::CreateCategory(Napi::CallbackInfo const& info) {
  auto const client = client_;  // user code in the arguments may call close()
  if (!client) return RejectedPromise(info.Env(), ClientClosedStatus());
  return StartCall<v1::Category>(
      info.Env(), client, &MessageResultToJs<v1::Category>,
      [client, category = MessageArg<v1::Category>(info, 0, "category"),
       opts = CallOptionsArg(info, 1)](auto done) {
        client->catalog().AsyncCreateCategory(category, opts, std::move(done));
      });
}

Napi::Value ClientHandle::UpdateCategory(Napi::CallbackInfo const& info) {
  auto const client = client_;  // user code in the arguments may call close()
  if (!client) return RejectedPromise(info.Env(), ClientClosedStatus());
  Napi::Object fields = ObjectArg(info, 2, "fields");
  v1::Category category;
  JsToMessage(fields, &category);
  category.set_id(StringArg(info, 0, "categoryId"));
  return StartCall<v1::Category>(
      info.Env(), client, &MessageResultToJs<v1::Category>,
      [client, category = std::move(category), paths = FieldPaths(fields, *v1::Category::descriptor()),
       expected_version = Int64Arg(info, 1, "expectedVersion"), opts = CallOptionsArg(info, 3)](auto done) {
        client->catalog().AsyncUpdateCategory(category, paths, expected_version, opts, std::move(done));
      });
}

Napi::Value ClientHandle::DeleteCategory(Napi::CallbackInfo const& info) {
  auto const client = client_;  // user code in the arguments may call close()
  if (!client) return RejectedPromise(info.Env(), ClientClosedStatus());
  return StartCall<Done>(
      info.Env(), client, &UndefinedToJs,
      [client, id = StringArg(info, 0, "categoryId"), expected_version = Int64Arg(info, 1, "expectedVersion"),
       opts = CallOptionsArg(info, 2)](auto done) {
        client->catalog().AsyncDeleteCategory(id, expected_version, opts, AsStatusCompletion(std::move(done)));
      });
}

Napi::Value ClientHandle::GetProduct(Napi::CallbackInfo const& info) {
  // A copy: user code in the arguments may call close().
  return CachedRead<v1::Product>(
      info, client_, "productId", &CatalogConnection::CachedProduct, &CatalogClient::AsyncGetProduct);
}

Napi::Value ClientHandle::GetProductBySku(Napi::CallbackInfo const& info) {
  // A copy: user code in the arguments may call close().
  return CachedRead<v1::GetProductBySkuResponse>(
      info, client_, "sku", &CatalogConnection::CachedProductBySku, &CatalogClient::AsyncGetProductBySku);
}

Napi::Value ClientHandle::ListProducts(Napi::CallbackInfo const& info) {
  auto const client = client_;  // user code in the arguments may call close()
  if (!client) throw Napi::Error(info.Env(), ToJsError(info.Env(), ClientClosedStatus()));
  v1::ListProductsRequest request;
  JsToMessage(ObjectArg(info, 0, "filter", /*optional=*/true), &request);
  auto pages = client->catalog().AsyncListProducts(std::move(request), CallOptionsArg(info, 1));
  return ListCursor::New(info.Env(), MakePageCursor(std::move(pages)), client);
}

Napi::Value ClientHandle::BatchGetProducts(Napi::CallbackInfo const& info) {
  auto const client = client_;  // user code in the arguments may call close()
  if (!client) return RejectedPromise(info.Env(), ClientClosedStatus());
  return StartCall<v1::BatchGetProductsResponse>(
      info.Env(), client, &MessageResultToJs<v1::BatchGetProductsResponse>,
      [client, ids = StringArrayArg(info, 0, "productIds"), opts = CallOptionsArg(info, 1)](auto done) {
        client->catalog().AsyncBatchGetProducts(ids, opts, std::move(done));
      });
}

Napi::Value ClientHandle::CreateProduct(Napi::CallbackInfo const& info) {
  auto const client = client_;  // user code in the arguments may call close()
  if (!client) return RejectedPromise(info.Env(), ClientClosedStatus());
  return StartCall<v1::Product>(
      info.Env(), client, &MessageResultToJs<v1::Product>,
      [client, product = MessageArg<v1::Product>(info, 0, "product"),
       opts = CallOptionsArg(info, 1)](auto done) {
        client->catalog().AsyncCreateProduct(product, opts, std::move(done));
      });
}

// updateProduct(id, expectedVersion, fields): the keys of `fields` are the update mask, so that
// {description: null} clears the description.
Napi::Value ClientHandle::UpdateProduct(Napi::CallbackInfo const& info) {
  auto const client = client_;  // user code in the arguments may call close()
  if (!client) return RejectedPromise(info.Env(), ClientClosedStatus());
  Napi::Object fields = ObjectArg(info, 2, "fields");
  v1::Product product;
  JsToMessage(fields, &product);
  product.set_id(StringArg(info, 0, "productId"));
  return StartCall<v1::Product>(
      info.Env(), client, &MessageResultToJs<v1::Product>,
      [client, product = std::move(product), paths = FieldPaths(fields, *v1::Product::descriptor()),
       expected_version = Int64Arg(info, 1, "expectedVersion"), opts = CallOptionsArg(info, 3)](auto done) {
        client->catalog().AsyncUpdateProduct(product, paths, expected_version, opts, std::move(done));
      });
}

Napi::Value ClientHandle::ArchiveProduct(Napi::CallbackInfo const& info) {
  auto const client = client_;  // user code in the arguments may call close()
  if (!client) return RejectedPromise(info.Env(), ClientClosedStatus());
  return StartCall<v1::Product>(
      info.Env(), client, &MessageResultToJs<v1::Product>,
      [client, id = StringArg(info, 0, "productId"), expected_version = Int64Arg(info, 1, "expectedVersion"),
       opts = CallOptionsArg(info, 2)](auto done) {
        client->catalog().AsyncArchiveProduct(id, expected_version, opts, std::move(done));
      });
}

}  // namespace mercato::node
