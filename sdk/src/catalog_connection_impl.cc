// CatalogService RPCs: snapshot settings, decide idempotency, run the shared retry loop (blocking
// or asynchronous), unwrap.
#include "sdk/src/catalog_connection_impl.h"

#include <utility>

#include "sdk/src/async_retry_loop.h"
#include "sdk/src/paged_call.h"
#include "sdk/src/retry_loop.h"
#include "sdk/src/stream_call.h"
#include "sdk/src/unwrap.h"

namespace mercato::internal {
namespace {

using Stub = v1::CatalogService::StubInterface;
using Async = Stub::async_interface;

}  // namespace

CatalogConnectionImpl::CatalogConnectionImpl(std::shared_ptr<Stub> stub, Options options,
                                             std::shared_ptr<SessionToken const> token)
    : stub_(std::move(stub)),
      options_(std::move(options)),
      token_(token ? std::move(token) : std::make_shared<SessionToken const>(options_.bearer_token)) {}

StatusOr<Shared<v1::Category>> CatalogConnectionImpl::GetCategory(v1::GetCategoryRequest const& request,
                                                          CallOptions const& opts) {
  auto const settings = ResolveCallSettings(options_, opts, *token_);
  return Share(Unwrap(RetryLoop(*stub_, &Stub::GetCategory, request, settings, Idempotency::kIdempotent),
                      &v1::GetCategoryResponse::mutable_category));
}

PaginationRange<v1::Category> CatalogConnectionImpl::ListCategories(v1::ListCategoriesRequest const& request,
                                                                    CallOptions const& opts) {
  return PagedCall<v1::Category>(stub_, &Stub::ListCategories, request, ResolveCallSettings(options_, opts, *token_),
                                 [](v1::ListCategoriesResponse& r) { return r.mutable_categories(); });
}

StatusOr<v1::Category> CatalogConnectionImpl::CreateCategory(v1::CreateCategoryRequest const& request,
                                                             CallOptions const& opts) {
  auto const settings = ResolveCallSettings(options_, opts, *token_);
  auto const keyed = WithRequestId(request, opts);
  return Unwrap(RetryLoop(*stub_, &Stub::CreateCategory, keyed, settings, MutationIdempotency(keyed)),
                &v1::CreateCategoryResponse::mutable_category);
}

StatusOr<v1::Category> CatalogConnectionImpl::UpdateCategory(v1::UpdateCategoryRequest const& request,
                                                             CallOptions const& opts) {
  auto const settings = ResolveCallSettings(options_, opts, *token_);
  auto const keyed = WithRequestId(request, opts);
  return Unwrap(RetryLoop(*stub_, &Stub::UpdateCategory, keyed, settings, MutationIdempotency(keyed)),
                &v1::UpdateCategoryResponse::mutable_category);
}

Status CatalogConnectionImpl::DeleteCategory(v1::DeleteCategoryRequest const& request, CallOptions const& opts) {
  auto const settings = ResolveCallSettings(options_, opts, *token_);
  auto const keyed = WithRequestId(request, opts);
  return RetryLoop(*stub_, &Stub::DeleteCategory, keyed, settings, MutationIdempotency(keyed)).status();
}

StatusOr<Shared<v1::Product>> CatalogConnectionImpl::GetProduct(v1::GetProductRequest const& request,
                                                        CallOptions const& opts) {
  auto const settings = ResolveCallSettings(options_, opts, *token_);
  return Share(Unwrap(RetryLoop(*stub_, &Stub::GetProduct, request, settings, Idempotency::kIdempotent),
                      &v1::GetProductResponse::mutable_product));
}

StatusOr<Shared<v1::GetProductBySkuResponse>> CatalogConnectionImpl::GetProductBySku(
    v1::GetProductBySkuRequest const& request, CallOptions const& opts) {
  auto const settings = ResolveCallSettings(options_, opts, *token_);
  return Share(RetryLoop(*stub_, &Stub::GetProductBySku, request, settings, Idempotency::kIdempotent));
}

PaginationRange<v1::Product> CatalogConnectionImpl::ListProducts(v1::ListProductsRequest const& request,
                                                                 CallOptions const& opts) {
  return PagedCall<v1::Product>(stub_, &Stub::ListProducts, request, ResolveCallSettings(options_, opts, *token_),
                                [](v1::ListProductsResponse& r) { return r.mutable_products(); });
}

StatusOr<v1::BatchGetProductsResponse> CatalogConnectionImpl::BatchGetProducts(
    v1::BatchGetProductsRequest const& request, CallOptions const& opts) {
  auto const settings = ResolveCallSettings(options_, opts, *token_);
  return RetryLoop(*stub_, &Stub::BatchGetProducts, request, settings, Idempotency::kIdempotent);
}

StatusOr<v1::Product> CatalogConnectionImpl::CreateProduct(v1::CreateProductRequest const& request,
                                                           CallOptions const& opts) {
  auto const settings = ResolveCallSettings(options_, opts, *token_);
  auto const keyed = WithRequestId(request, opts);
  return Unwrap(RetryLoop(*stub_, &Stub::CreateProduct, keyed, settings, MutationIdempotency(keyed)),
                &v1::CreateProductResponse::mutable_product);
}

StatusOr<v1::Product> CatalogConnectionImpl::UpdateProduct(v1::UpdateProductRequest const& request,
                                                           CallOptions const& opts) {
  auto const settings = ResolveCallSettings(options_, opts, *token_);
  auto const keyed = WithRequestId(request, opts);
  return Unwrap(RetryLoop(*stub_, &Stub::UpdateProduct, keyed, settings, MutationIdempotency(keyed)),
                &v1::UpdateProductResponse::mutable_product);
}

StatusOr<v1::Product> CatalogConnectionImpl::ArchiveProduct(v1::ArchiveProductRequest const& request,
                                                            CallOptions const& opts) {
  auto const settings = ResolveCallSettings(options_, opts, *token_);
  auto const keyed = WithRequestId(request, opts);
  return Unwrap(RetryLoop(*stub_, &Stub::ArchiveProduct, keyed, settings, MutationIdempotency(keyed)),
                &v1::ArchiveProductResponse::mutable_product);
}

void CatalogConnectionImpl::AsyncGetCategory(v1::GetCategoryRequest const& request, CallOptions const& opts,
                                             Completion<Shared<v1::Category>> done) {
  AsyncRetryLoop(stub_, &Async::GetCategory, request, ResolveCallSettings(options_, opts, *token_),
                 Idempotency::kIdempotent,
                 Unwrapping(&v1::GetCategoryResponse::mutable_category, Sharing<v1::Category>(std::move(done))));
}

AsyncPages<v1::Category> CatalogConnectionImpl::AsyncListCategories(v1::ListCategoriesRequest const& request,
                                                                    CallOptions const& opts) {
  return AsyncPagedCall<v1::Category>(stub_, &Async::ListCategories, request,
                                      ResolveCallSettings(options_, opts, *token_),
                                      [](v1::ListCategoriesResponse& r) { return r.mutable_categories(); });
}

void CatalogConnectionImpl::AsyncCreateCategory(v1::CreateCategoryRequest const& request, CallOptions const& opts,
                                                Completion<v1::Category> done) {
  auto keyed = WithRequestId(request, opts);
  auto const idempotency = MutationIdempotency(keyed);
  AsyncRetryLoop(stub_, &Async::CreateCategory, std::move(keyed), ResolveCallSettings(options_, opts, *token_),
                 idempotency, Unwrapping(&v1::CreateCategoryResponse::mutable_category, std::move(done)));
}

void CatalogConnectionImpl::AsyncUpdateCategory(v1::UpdateCategoryRequest const& request, CallOptions const& opts,
                                                Completion<v1::Category> done) {
  auto keyed = WithRequestId(request, opts);
  auto const idempotency = MutationIdempotency(keyed);
  AsyncRetryLoop(stub_, &Async::UpdateCategory, std::move(keyed), ResolveCallSettings(options_, opts, *token_),
                 idempotency, Unwrapping(&v1::UpdateCategoryResponse::mutable_category, std::move(done)));
}

void CatalogConnectionImpl::AsyncDeleteCategory(v1::DeleteCategoryRequest const& request, CallOptions const& opts,
                                                StatusCompletion done) {
  auto keyed = WithRequestId(request, opts);
  auto const idempotency = MutationIdempotency(keyed);
  AsyncRetryLoop(stub_, &Async::DeleteCategory, std::move(keyed), ResolveCallSettings(options_, opts, *token_),
                 idempotency, DroppingResponse<v1::DeleteCategoryResponse>(std::move(done)));
}

void CatalogConnectionImpl::AsyncGetProduct(v1::GetProductRequest const& request, CallOptions const& opts,
                                            Completion<Shared<v1::Product>> done) {
  AsyncRetryLoop(stub_, &Async::GetProduct, request, ResolveCallSettings(options_, opts, *token_),
                 Idempotency::kIdempotent,
                 Unwrapping(&v1::GetProductResponse::mutable_product, Sharing<v1::Product>(std::move(done))));
}

void CatalogConnectionImpl::AsyncGetProductBySku(v1::GetProductBySkuRequest const& request, CallOptions const& opts,
                                                 Completion<Shared<v1::GetProductBySkuResponse>> done) {
  AsyncRetryLoop(stub_, &Async::GetProductBySku, request, ResolveCallSettings(options_, opts, *token_),
                 Idempotency::kIdempotent, Sharing<v1::GetProductBySkuResponse>(std::move(done)));
}

AsyncPages<v1::Product> CatalogConnectionImpl::AsyncListProducts(v1::ListProductsRequest const& request,
                                                                 CallOptions const& opts) {
  return AsyncPagedCall<v1::Product>(stub_, &Async::ListProducts, request, ResolveCallSettings(options_, opts, *token_),
                                     [](v1::ListProductsResponse& r) { return r.mutable_products(); });
}

void CatalogConnectionImpl::AsyncBatchGetProducts(v1::BatchGetProductsRequest const& request, CallOptions const& opts,
                                                  Completion<v1::BatchGetProductsResponse> done) {
  AsyncRetryLoop(stub_, &Async::BatchGetProducts, request, ResolveCallSettings(options_, opts, *token_),
                 Idempotency::kIdempotent, std::move(done));
}

void CatalogConnectionImpl::AsyncCreateProduct(v1::CreateProductRequest const& request, CallOptions const& opts,
                                               Completion<v1::Product> done) {
  auto keyed = WithRequestId(request, opts);
  auto const idempotency = MutationIdempotency(keyed);
  AsyncRetryLoop(stub_, &Async::CreateProduct, std::move(keyed), ResolveCallSettings(options_, opts, *token_),
                 idempotency, Unwrapping(&v1::CreateProductResponse::mutable_product, std::move(done)));
}

void CatalogConnectionImpl::AsyncUpdateProduct(v1::UpdateProductRequest const& request, CallOptions const& opts,
                                               Completion<v1::Product> done) {
  auto keyed = WithRequestId(request, opts);
  auto const idempotency = MutationIdempotency(keyed);
  AsyncRetryLoop(stub_, &Async::UpdateProduct, std::move(keyed), ResolveCallSettings(options_, opts, *token_),
                 idempotency, Unwrapping(&v1::UpdateProductResponse::mutable_product, std::move(done)));
}

void CatalogConnectionImpl::AsyncArchiveProduct(v1::ArchiveProductRequest const& request, CallOptions const& opts,
                                                Completion<v1::Product> done) {
  auto keyed = WithRequestId(request, opts);
  auto const idempotency = MutationIdempotency(keyed);
  AsyncRetryLoop(stub_, &Async::ArchiveProduct, std::move(keyed), ResolveCallSettings(options_, opts, *token_),
                 idempotency, Unwrapping(&v1::ArchiveProductResponse::mutable_product, std::move(done)));
}

AsyncStream<v1::WatchChangesResponse> CatalogConnectionImpl::WatchChanges(v1::WatchChangesRequest const& request,
                                                                          CallOptions const& opts) {
  return StreamCall<v1::WatchChangesRequest, v1::WatchChangesResponse>::Start(
      stub_, &Async::WatchChanges, request, ResolveCallSettings(options_, opts, *token_), opts.deadline);
}

}  // namespace mercato::internal
