// CatalogConnectionImpl: every CatalogService RPC through the shared retry loop, blocking or
// asynchronous, over any implementation of the generated StubInterface (the real stub, or
// MockCatalogServiceStub in tests, which has only the blocking methods).
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

  StatusOr<Shared<v1::Category>> GetCategory(v1::GetCategoryRequest const& request, CallOptions const& opts) override;
  PaginationRange<v1::Category> ListCategories(v1::ListCategoriesRequest const& request,
                                               CallOptions const& opts) override;
  StatusOr<v1::Category> CreateCategory(v1::CreateCategoryRequest const& request, CallOptions const& opts) override;
  StatusOr<v1::Category> UpdateCategory(v1::UpdateCategoryRequest const& request, CallOptions const& opts) override;
  Status DeleteCategory(v1::DeleteCategoryRequest const& request, CallOptions const& opts) override;

  StatusOr<Shared<v1::Product>> GetProduct(v1::GetProductRequest const& request, CallOptions const& opts) override;
  StatusOr<Shared<v1::GetProductBySkuResponse>> GetProductBySku(v1::GetProductBySkuRequest const& request,
                                                        CallOptions const& opts) override;
  PaginationRange<v1::Product> ListProducts(v1::ListProductsRequest const& request, CallOptions const& opts) override;
  StatusOr<v1::BatchGetProductsResponse> BatchGetProducts(v1::BatchGetProductsRequest const& request,
                                                          CallOptions const& opts) override;
  StatusOr<v1::Product> CreateProduct(v1::CreateProductRequest const& request, CallOptions const& opts) override;
  StatusOr<v1::Product> UpdateProduct(v1::UpdateProductRequest const& request, CallOptions const& opts) override;
  StatusOr<v1::Product> ArchiveProduct(v1::ArchiveProductRequest const& request, CallOptions const& opts) override;

  void AsyncGetCategory(v1::GetCategoryRequest const& request, CallOptions const& opts,
                        Completion<Shared<v1::Category>> done) override;
  AsyncPages<v1::Category> AsyncListCategories(v1::ListCategoriesRequest const& request,
                                               CallOptions const& opts) override;
  void AsyncCreateCategory(v1::CreateCategoryRequest const& request, CallOptions const& opts,
                           Completion<v1::Category> done) override;
  void AsyncUpdateCategory(v1::UpdateCategoryRequest const& request, CallOptions const& opts,
                           Completion<v1::Category> done) override;
  void AsyncDeleteCategory(v1::DeleteCategoryRequest const& request, CallOptions const& opts,
                           StatusCompletion done) override;

  void AsyncGetProduct(v1::GetProductRequest const& request, CallOptions const& opts,
                       Completion<Shared<v1::Product>> done) override;
  void AsyncGetProductBySku(v1::GetProductBySkuRequest const& request, CallOptions const& opts,
                            Completion<Shared<v1::GetProductBySkuResponse>> done) override;
  AsyncPages<v1::Product> AsyncListProducts(v1::ListProductsRequest const& request, CallOptions const& opts) override;
  void AsyncBatchGetProducts(v1::BatchGetProductsRequest const& request, CallOptions const& opts,
                             Completion<v1::BatchGetProductsResponse> done) override;
  void AsyncCreateProduct(v1::CreateProductRequest const& request, CallOptions const& opts,
                          Completion<v1::Product> done) override;
  void AsyncUpdateProduct(v1::UpdateProductRequest const& request, CallOptions const& opts,
                          Completion<v1::Product> done) override;
  void AsyncArchiveProduct(v1::ArchiveProductRequest const& request, CallOptions const& opts,
                           Completion<v1::Product> done) override;
  AsyncStream<v1::WatchChangesResponse> WatchChanges(v1::WatchChangesRequest const& request,
                                                    CallOptions const& opts) override;

 private:
  std::shared_ptr<v1::CatalogService::StubInterface> stub_;
  Options const options_;
  std::shared_ptr<SessionToken const> const token_;
};

}  // namespace mercato::internal
