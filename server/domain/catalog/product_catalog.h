// Catalog use cases for products: reads (through the listing cache) and staff edits (each one
// transaction with its outbox event and idempotency key, then a cache generation bump).
#pragma once

#include "mercato/v1/catalog.pb.h"
#include "server/domain/identity/principal.h"
#include "server/domain/catalog/catalog_context.h"
#include "server/domain/error.h"

namespace mercato::domain {

class ProductCatalog {
 public:
  explicit ProductCatalog(CatalogContext context) : context_(context) {}

  Result<v1::Product> GetProduct(std::string const& product_id, Principal const& caller);
  Result<v1::GetProductBySkuResponse> GetProductBySku(std::string const& sku, Principal const& caller);
  Result<v1::ListProductsResponse> ListProducts(v1::ListProductsRequest const& request, Principal const& caller);
  Result<v1::BatchGetProductsResponse> BatchGetProducts(v1::BatchGetProductsRequest const& request,
                                                        Principal const& caller);

  Result<v1::Product> CreateProduct(v1::CreateProductRequest const& request, Principal const& caller);
  Result<v1::Product> UpdateProduct(v1::UpdateProductRequest const& request, Principal const& caller);
  Result<v1::Product> ArchiveProduct(v1::ArchiveProductRequest const& request, Principal const& caller);

 private:
  Result<v1::Product> Save(v1::Product product, v1::CatalogChangeKind kind, std::int64_t expected_version,
                           std::string const& operation, google::protobuf::Message const& request,
                           std::string const& request_id, Principal const& caller);
  Status CheckCategoryExists(std::string const& category_id);

  CatalogContext context_;
};

}  // namespace mercato::domain
