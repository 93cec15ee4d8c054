// CatalogService RPCs: snapshot settings, decide idempotency, run the shared retry loop, unwrap.
#include "sdk/src/catalog_connection_impl.h"

#include <utility>

#include "sdk/src/paged_call.h"
#include "sdk/src/retry_loop.h"
#include "sdk/src/unwrap.h"

namespace mercato::internal {
namespace {

using Stub = v1::CatalogService::StubInterface;

}  // namespace

CatalogConnectionImpl::CatalogConnectionImpl(std::shared_ptr<Stub> stub, Options options,
                                             std::shared_ptr<SessionToken const> token)
    : stub_(std::move(stub)),
      options_(std::move(options)),
      token_(token ? std::move(token) : std::make_shared<SessionToken const>(options_.bearer_token)) {}

StatusOr<v1::Category> CatalogConnectionImpl::GetCategory(v1::GetCategoryRequest const& request,
                                                          CallOptions const& opts) {
  auto const settings = ResolveCallSettings(options_, opts, *token_);
  return Unwrap(RetryLoop(*stub_, &Stub::GetCategory, request, settings, Idempotency::kIdempotent),
                &v1::GetCategoryResponse::mutable_category);
}

PaginationRange<v1::Category> CatalogConnectionImpl::ListCategories(v1::ListCategoriesRequest const& request,
                                                                    CallOptions const& opts) {
  return PagedCall<v1::Category>(stub_, &Stub::ListCategories, request, ResolveCallSettings(options_, opts, *token_),
                                 [](v1::ListCategoriesResponse& r) { return r.mutable_categories(); });
}

StatusOr<v1::Category> CatalogConnectionImpl::CreateCategory(v1::CreateCategoryRequest const& request,
                                                             CallOptions const& opts) {
  auto const settings = ResolveCallSettings(options_, opts, *token_);
  auto const keyed = WithRequestId(request);
  return Unwrap(RetryLoop(*stub_, &Stub::CreateCategory, keyed, settings, MutationIdempotency(keyed)),
                &v1::CreateCategoryResponse::mutable_category);
}

StatusOr<v1::Category> CatalogConnectionImpl::UpdateCategory(v1::UpdateCategoryRequest const& request,
                                                             CallOptions const& opts) {
  auto const settings = ResolveCallSettings(options_, opts, *token_);
  auto const keyed = WithRequestId(request);
  return Unwrap(RetryLoop(*stub_, &Stub::UpdateCategory, keyed, settings, MutationIdempotency(keyed)),
                &v1::UpdateCategoryResponse::mutable_category);
}

Status CatalogConnectionImpl::DeleteCategory(v1::DeleteCategoryRequest const& request, CallOptions const& opts) {
  auto const settings = ResolveCallSettings(options_, opts, *token_);
  auto const keyed = WithRequestId(request);
  return RetryLoop(*stub_, &Stub::DeleteCategory, keyed, settings, MutationIdempotency(keyed)).status();
}

StatusOr<v1::Product> CatalogConnectionImpl::GetProduct(v1::GetProductRequest const& request,
                                                        CallOptions const& opts) {
  auto const settings = ResolveCallSettings(options_, opts, *token_);
  return Unwrap(RetryLoop(*stub_, &Stub::GetProduct, request, settings, Idempotency::kIdempotent),
                &v1::GetProductResponse::mutable_product);
}

StatusOr<v1::GetProductBySkuResponse> CatalogConnectionImpl::GetProductBySku(
    v1::GetProductBySkuRequest const& request, CallOptions const& opts) {
  auto const settings = ResolveCallSettings(options_, opts, *token_);
  return RetryLoop(*stub_, &Stub::GetProductBySku, request, settings, Idempotency::kIdempotent);
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
  auto const keyed = WithRequestId(request);
  return Unwrap(RetryLoop(*stub_, &Stub::CreateProduct, keyed, settings, MutationIdempotency(keyed)),
                &v1::CreateProductResponse::mutable_product);
}

StatusOr<v1::Product> CatalogConnectionImpl::UpdateProduct(v1::UpdateProductRequest const& request,
                                                           CallOptions const& opts) {
  auto const settings = ResolveCallSettings(options_, opts, *token_);
  auto const keyed = WithRequestId(request);
  return Unwrap(RetryLoop(*stub_, &Stub::UpdateProduct, keyed, settings, MutationIdempotency(keyed)),
                &v1::UpdateProductResponse::mutable_product);
}

StatusOr<v1::Product> CatalogConnectionImpl::ArchiveProduct(v1::ArchiveProductRequest const& request,
                                                            CallOptions const& opts) {
  auto const settings = ResolveCallSettings(options_, opts, *token_);
  auto const keyed = WithRequestId(request);
  return Unwrap(RetryLoop(*stub_, &Stub::ArchiveProduct, keyed, settings, MutationIdempotency(keyed)),
                &v1::ArchiveProductResponse::mutable_product);
}

}  // namespace mercato::internal
