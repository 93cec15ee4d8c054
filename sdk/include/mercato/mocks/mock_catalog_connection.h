// MockCatalogConnection: a gmock CatalogConnection for testing code that uses CatalogClient
// without a server:  CatalogClient client(std::make_shared<mercato::MockCatalogConnection>());
// An asynchronous method nobody set an action for completes with UNIMPLEMENTED at once, as the
// connection's default does, so that a call never waits for a completion that cannot come.
#pragma once

#include <gmock/gmock.h>

#include <utility>

#include "mercato/catalog_connection.h"

namespace mercato {

class MockCatalogConnection : public CatalogConnection {
 public:
  MOCK_METHOD(StatusOr<Shared<v1::Category>>, GetCategory, (v1::GetCategoryRequest const&, CallOptions const&), (override));
  MOCK_METHOD(PaginationRange<v1::Category>, ListCategories, (v1::ListCategoriesRequest const&, CallOptions const&),
              (override));
  MOCK_METHOD(StatusOr<v1::Category>, CreateCategory, (v1::CreateCategoryRequest const&, CallOptions const&),
              (override));
  MOCK_METHOD(StatusOr<v1::Category>, UpdateCategory, (v1::UpdateCategoryRequest const&, CallOptions const&),
              (override));
  MOCK_METHOD(Status, DeleteCategory, (v1::DeleteCategoryRequest const&, CallOptions const&), (override));
  MOCK_METHOD(StatusOr<Shared<v1::Product>>, GetProduct, (v1::GetProductRequest const&, CallOptions const&), (override));
  MOCK_METHOD(StatusOr<Shared<v1::GetProductBySkuResponse>>, GetProductBySku,
              (v1::GetProductBySkuRequest const&, CallOptions const&), (override));
  MOCK_METHOD(PaginationRange<v1::Product>, ListProducts, (v1::ListProductsRequest const&, CallOptions const&),
              (override));
  MOCK_METHOD(StatusOr<v1::BatchGetProductsResponse>, BatchGetProducts,
              (v1::BatchGetProductsRequest const&, CallOptions const&), (override));
  MOCK_METHOD(StatusOr<v1::Product>, CreateProduct, (v1::CreateProductRequest const&, CallOptions const&),
              (override));
  MOCK_METHOD(StatusOr<v1::Product>, UpdateProduct, (v1::UpdateProductRequest const&, CallOptions const&),
              (override));
  MOCK_METHOD(StatusOr<v1::Product>, ArchiveProduct, (v1::ArchiveProductRequest const&, CallOptions const&),
              (override));
  MOCK_METHOD(void, AsyncGetCategory, (v1::GetCategoryRequest const&, CallOptions const&, Completion<Shared<v1::Category>>),
              (override));
  MOCK_METHOD(AsyncPages<v1::Category>, AsyncListCategories, (v1::ListCategoriesRequest const&, CallOptions const&),
              (override));
  MOCK_METHOD(void, AsyncCreateCategory,
              (v1::CreateCategoryRequest const&, CallOptions const&, Completion<v1::Category>), (override));
  MOCK_METHOD(void, AsyncUpdateCategory,
              (v1::UpdateCategoryRequest const&, CallOptions const&, Completion<v1::Category>), (override));
  MOCK_METHOD(void, AsyncDeleteCategory, (v1::DeleteCategoryRequest const&, CallOptions const&, StatusCompletion),
              (override));
  MOCK_METHOD(void, AsyncGetProduct, (v1::GetProductRequest const&, CallOptions const&, Completion<Shared<v1::Product>>),
              (override));
  MOCK_METHOD(void, AsyncGetProductBySku,
              (v1::GetProductBySkuRequest const&, CallOptions const&, Completion<Shared<v1::GetProductBySkuResponse>>),
              (override));
  MOCK_METHOD(AsyncPages<v1::Product>, AsyncListProducts, (v1::ListProductsRequest const&, CallOptions const&),
              (override));
  MOCK_METHOD(void, AsyncBatchGetProducts,
              (v1::BatchGetProductsRequest const&, CallOptions const&, Completion<v1::BatchGetProductsResponse>),
              (override));
  MOCK_METHOD(void, AsyncCreateProduct, (v1::CreateProductRequest const&, CallOptions const&, Completion<v1::Product>),
              (override));
  MOCK_METHOD(void, AsyncUpdateProduct, (v1::UpdateProductRequest const&, CallOptions const&, Completion<v1::Product>),
              (override));
  MOCK_METHOD(void, AsyncArchiveProduct,
              (v1::ArchiveProductRequest const&, CallOptions const&, Completion<v1::Product>), (override));
  MOCK_METHOD(AsyncStream<v1::WatchChangesResponse>, WatchChanges, (v1::WatchChangesRequest const&, CallOptions const&),
              (override));
  MOCK_METHOD(CacheStats, cache_stats, (), (const, override));

  MockCatalogConnection() {
    ON_CALL(*this, AsyncGetCategory).WillByDefault([this](auto const& request, auto const& opts, auto done) {
      CatalogConnection::AsyncGetCategory(request, opts, std::move(done));
    });
    ON_CALL(*this, AsyncCreateCategory).WillByDefault([this](auto const& request, auto const& opts, auto done) {
      CatalogConnection::AsyncCreateCategory(request, opts, std::move(done));
    });
    ON_CALL(*this, AsyncUpdateCategory).WillByDefault([this](auto const& request, auto const& opts, auto done) {
      CatalogConnection::AsyncUpdateCategory(request, opts, std::move(done));
    });
    ON_CALL(*this, AsyncDeleteCategory).WillByDefault([this](auto const& request, auto const& opts, auto done) {
      CatalogConnection::AsyncDeleteCategory(request, opts, std::move(done));
    });
    ON_CALL(*this, AsyncGetProduct).WillByDefault([this](auto const& request, auto const& opts, auto done) {
      CatalogConnection::AsyncGetProduct(request, opts, std::move(done));
    });
    ON_CALL(*this, AsyncGetProductBySku).WillByDefault([this](auto const& request, auto const& opts, auto done) {
      CatalogConnection::AsyncGetProductBySku(request, opts, std::move(done));
    });
    ON_CALL(*this, AsyncBatchGetProducts).WillByDefault([this](auto const& request, auto const& opts, auto done) {
      CatalogConnection::AsyncBatchGetProducts(request, opts, std::move(done));
    });
    ON_CALL(*this, AsyncCreateProduct).WillByDefault([this](auto const& request, auto const& opts, auto done) {
      CatalogConnection::AsyncCreateProduct(request, opts, std::move(done));
    });
    ON_CALL(*this, AsyncUpdateProduct).WillByDefault([this](auto const& request, auto const& opts, auto done) {
      CatalogConnection::AsyncUpdateProduct(request, opts, std::move(done));
    });
    ON_CALL(*this, AsyncArchiveProduct).WillByDefault([this](auto const& request, auto const& opts, auto done) {
      CatalogConnection::AsyncArchiveProduct(request, opts, std::move(done));
    });
    ON_CALL(*this, WatchChanges).WillByDefault([this](auto const& request, auto const& opts) {
      return CatalogConnection::WatchChanges(request, opts);
    });
    ON_CALL(*this, AsyncListCategories).WillByDefault([this](auto const& request, auto const& opts) {
      return CatalogConnection::AsyncListCategories(request, opts);
    });
    ON_CALL(*this, AsyncListProducts).WillByDefault([this](auto const& request, auto const& opts) {
      return CatalogConnection::AsyncListProducts(request, opts);
    });
  }
};

}  // namespace mercato
