// MockCatalogConnection: a gmock CatalogConnection for testing code that uses CatalogClient
// without a server:  CatalogClient client(std::make_shared<mercato::MockCatalogConnection>());
#pragma once

#include <gmock/gmock.h>

#include "mercato/catalog_connection.h"

namespace mercato {

class MockCatalogConnection : public CatalogConnection {
 public:
  MOCK_METHOD(StatusOr<v1::Category>, GetCategory, (v1::GetCategoryRequest const&, CallOptions const&), (override));
  MOCK_METHOD(PaginationRange<v1::Category>, ListCategories, (v1::ListCategoriesRequest const&, CallOptions const&),
              (override));
  MOCK_METHOD(StatusOr<v1::Category>, CreateCategory, (v1::CreateCategoryRequest const&, CallOptions const&),
              (override));
  MOCK_METHOD(StatusOr<v1::Category>, UpdateCategory, (v1::UpdateCategoryRequest const&, CallOptions const&),
              (override));
  MOCK_METHOD(Status, DeleteCategory, (v1::DeleteCategoryRequest const&, CallOptions const&), (override));
  MOCK_METHOD(StatusOr<v1::Product>, GetProduct, (v1::GetProductRequest const&, CallOptions const&), (override));
  MOCK_METHOD(StatusOr<v1::GetProductBySkuResponse>, GetProductBySku,
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
  MOCK_METHOD(CacheStats, cache_stats, (), (const, override));
};

}  // namespace mercato
