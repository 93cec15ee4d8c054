// ClientHandle's catalog methods: each reads its arguments into C++ values, then starts one
// SdkCall over CatalogClient (or, for lists, returns a ListCursor that fetches pages on demand).
#include <string>
#include <utility>
#include <vector>

#include "client_handle.h"
#include "js_args.h"
#include "js_error.h"
#include "list_cursor.h"
#include "proto_js.h"
#include "sdk_call.h"

namespace mercato::node {
namespace {

template <typename Message>
Napi::Value ToJs(Napi::Env env, Message const& message) {
  return MessageToJs(env, message);
}

template <typename Message>
Message MessageArg(Napi::CallbackInfo const& info, std::size_t index, char const* name) {
  Message message;
  JsToMessage(ObjectArg(info, index, name), &message);
  return message;
}

}  // namespace

Napi::Value ClientHandle::GetCategory(Napi::CallbackInfo const& info) {
  if (!client_) return RejectedPromise(info.Env(), ClientClosedStatus());
  return SdkCall<v1::Category>::Start(
      info.Env(), "mercato.catalog.getCategory",
      [client = client_, id = StringArg(info, 0, "categoryId"), opts = CallOptionsArg(info, 1)] {
        return client->catalog().GetCategory(id, opts);
      },
      &ToJs<v1::Category>);
}

Napi::Value ClientHandle::ListCategories(Napi::CallbackInfo const& info) {
  if (!client_) throw Napi::Error(info.Env(), ToJsError(info.Env(), ClientClosedStatus()));
  v1::ListCategoriesRequest request;
  JsToMessage(ObjectArg(info, 0, "options", /*optional=*/true), &request);
  std::size_t const page_size = ServerPageSize(request.page_size());
  auto range = client_->catalog().ListCategories(std::move(request), CallOptionsArg(info, 1));
  return ListCursor::New(info.Env(), MakePageCursor(std::move(range), page_size), client_);
}

Napi::Value ClientHandle::CreateCategory(Napi::CallbackInfo const& info) {
  if (!client_) return RejectedPromise(info.Env(), ClientClosedStatus());
  return SdkCall<v1::Category>::Start(
      info.Env(), "mercato.catalog.createCategory",
      [client = client_, category = MessageArg<v1::Category>(info, 0, "category"), opts = CallOptionsArg(info, 1)] {
        return client->catalog().CreateCategory(category, opts);
      },
      &ToJs<v1::Category>);
}

Napi::Value ClientHandle::GetProduct(Napi::CallbackInfo const& info) {
  if (!client_) return RejectedPromise(info.Env(), ClientClosedStatus());
  return SdkCall<v1::Product>::Start(
      info.Env(), "mercato.catalog.getProduct",
      [client = client_, id = StringArg(info, 0, "productId"), opts = CallOptionsArg(info, 1)] {
        return client->catalog().GetProduct(id, opts);
      },
      &ToJs<v1::Product>);
}

Napi::Value ClientHandle::GetProductBySku(Napi::CallbackInfo const& info) {
  if (!client_) return RejectedPromise(info.Env(), ClientClosedStatus());
  return SdkCall<v1::GetProductBySkuResponse>::Start(
      info.Env(), "mercato.catalog.getProductBySku",
      [client = client_, sku = StringArg(info, 0, "sku"), opts = CallOptionsArg(info, 1)] {
        return client->catalog().GetProductBySku(sku, opts);
      },
      &ToJs<v1::GetProductBySkuResponse>);
}

Napi::Value ClientHandle::ListProducts(Napi::CallbackInfo const& info) {
  if (!client_) throw Napi::Error(info.Env(), ToJsError(info.Env(), ClientClosedStatus()));
  v1::ListProductsRequest request;
  JsToMessage(ObjectArg(info, 0, "filter", /*optional=*/true), &request);
  std::size_t const page_size = ServerPageSize(request.page_size());
  auto range = client_->catalog().ListProducts(std::move(request), CallOptionsArg(info, 1));
  return ListCursor::New(info.Env(), MakePageCursor(std::move(range), page_size), client_);
}

Napi::Value ClientHandle::BatchGetProducts(Napi::CallbackInfo const& info) {
  if (!client_) return RejectedPromise(info.Env(), ClientClosedStatus());
  return SdkCall<v1::BatchGetProductsResponse>::Start(
      info.Env(), "mercato.catalog.batchGetProducts",
      [client = client_, ids = StringArrayArg(info, 0, "productIds"), opts = CallOptionsArg(info, 1)] {
        return client->catalog().BatchGetProducts(ids, opts);
      },
      &ToJs<v1::BatchGetProductsResponse>);
}

Napi::Value ClientHandle::CreateProduct(Napi::CallbackInfo const& info) {
  if (!client_) return RejectedPromise(info.Env(), ClientClosedStatus());
  return SdkCall<v1::Product>::Start(
      info.Env(), "mercato.catalog.createProduct",
      [client = client_, product = MessageArg<v1::Product>(info, 0, "product"), opts = CallOptionsArg(info, 1)] {
        return client->catalog().CreateProduct(product, opts);
      },
      &ToJs<v1::Product>);
}

// updateProduct(id, expectedVersion, fields): the keys of `fields` are the update mask, so that
// {description: null} clears the description.
Napi::Value ClientHandle::UpdateProduct(Napi::CallbackInfo const& info) {
  if (!client_) return RejectedPromise(info.Env(), ClientClosedStatus());
  Napi::Object fields = ObjectArg(info, 2, "fields");
  v1::Product product;
  JsToMessage(fields, &product);
  product.set_id(StringArg(info, 0, "productId"));
  return SdkCall<v1::Product>::Start(
      info.Env(), "mercato.catalog.updateProduct",
      [client = client_, product = std::move(product), paths = FieldPaths(fields, *v1::Product::descriptor()),
       expected_version = Int64Arg(info, 1, "expectedVersion"), opts = CallOptionsArg(info, 3)] {
        return client->catalog().UpdateProduct(product, paths, expected_version, opts);
      },
      &ToJs<v1::Product>);
}

Napi::Value ClientHandle::ArchiveProduct(Napi::CallbackInfo const& info) {
  if (!client_) return RejectedPromise(info.Env(), ClientClosedStatus());
  return SdkCall<v1::Product>::Start(
      info.Env(), "mercato.catalog.archiveProduct",
      [client = client_, id = StringArg(info, 0, "productId"), expected_version = Int64Arg(info, 1, "expectedVersion"),
       opts = CallOptionsArg(info, 2)] { return client->catalog().ArchiveProduct(id, expected_version, opts); },
      &ToJs<v1::Product>);
}

}  // namespace mercato::node
