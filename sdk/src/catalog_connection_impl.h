// CatalogConnectionImpl: every CatalogService RPC through the shared retry loop, over any
// implementation of the generated StubInterface (the real stub, or MockCatalogServiceStub in tests).
#pragma once

#include <memory>

#include "mercato/catalog_connection.h"
#include "mercato/options.h"
#include "mercato/v1/catalog.grpc.pb.h"
#include "sdk/src/session_token.h"

namespace mercato::internal {

class CatalogConnectionImpl final : public CatalogConnection {
 public:
  // `token` null: a fixed token, options.bearer_token.
  CatalogConnectionImpl(std::shared_ptr<v1::CatalogService::StubInterface> stub, Options options,
                        std::shared_ptr<SessionToken const> token = nullptr);

  StatusOr<v1::Category> GetCategory(v1::GetCategoryRequest const& request, CallOptions const& opts) override;
  PaginationRange<v1::Category> ListCategories(v1::ListCategoriesRequest const& request,
                                               CallOptions const& opts) override;
  StatusOr<v1::Category> CreateCategory(v1::CreateCategoryRequest const& request, CallOptions const& opts) override;
  StatusOr<v1::Category> UpdateCategory(v1::UpdateCategoryRequest const& request, CallOptions const& opts) override;
  Status DeleteCategory(v1::DeleteCategoryRequest const& request, CallOptions const& opts) override;

  StatusOr<v1::Product> GetProduct(v1::GetProductRequest const& request, CallOptions const& opts) override;
  StatusOr<v1::GetProductBySkuResponse> GetProductBySku(v1::GetProductBySkuRequest const& request,
                                                        CallOptions const& opts) override;
  PaginationRange<v1::Product> ListProducts(v1::ListProductsRequest const& request, CallOptions const& opts) override;
  StatusOr<v1::BatchGetProductsResponse> BatchGetProducts(v1::BatchGetProductsRequest const& request,
                                                          CallOptions const& opts) override;
  StatusOr<v1::Product> CreateProduct(v1::CreateProductRequest const& request, CallOptions const& opts) override;
  StatusOr<v1::Product> UpdateProduct(v1::UpdateProductRequest const& request, CallOptions const& opts) override;
  StatusOr<v1::Product> ArchiveProduct(v1::ArchiveProductRequest const& request, CallOptions const& opts) override;

 private:
  std::shared_ptr<v1::CatalogService::StubInterface> stub_;
  Options const options_;
  std::shared_ptr<SessionToken const> const token_;
};

}  // namespace mercato::internal
