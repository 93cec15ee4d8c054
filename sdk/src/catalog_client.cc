// CatalogClient: builds each request from the arguments and forwards it to the connection.
#include "mercato/catalog_client.h"

#include <utility>

namespace mercato {
namespace {

google::protobuf::FieldMask MaskOf(std::vector<std::string> paths) {
  google::protobuf::FieldMask mask;
  for (auto& path : paths) mask.add_paths(std::move(path));
  return mask;
}

}  // namespace

CatalogClient::CatalogClient(std::shared_ptr<CatalogConnection> connection) : connection_(std::move(connection)) {}

StatusOr<v1::Category> CatalogClient::GetCategory(std::string category_id, CallOptions opts) {
  v1::GetCategoryRequest request;
  request.set_category_id(std::move(category_id));
  return connection_->GetCategory(request, opts);
}

PaginationRange<v1::Category> CatalogClient::ListCategories(v1::ListCategoriesRequest request, CallOptions opts) {
  return connection_->ListCategories(request, opts);
}

StatusOr<v1::Category> CatalogClient::CreateCategory(v1::Category category, CallOptions opts) {
  v1::CreateCategoryRequest request;
  request.set_request_id(opts.request_id);
  *request.mutable_category() = std::move(category);
  return connection_->CreateCategory(request, opts);
}

StatusOr<v1::Category> CatalogClient::UpdateCategory(v1::Category category, std::vector<std::string> paths,
                                                     std::int64_t expected_version, CallOptions opts) {
  v1::UpdateCategoryRequest request;
  request.set_request_id(opts.request_id);
  *request.mutable_category() = std::move(category);
  *request.mutable_update_mask() = MaskOf(std::move(paths));
  request.set_expected_version(expected_version);
  return connection_->UpdateCategory(request, opts);
}

Status CatalogClient::DeleteCategory(std::string category_id, std::int64_t expected_version, CallOptions opts) {
  v1::DeleteCategoryRequest request;
  request.set_request_id(opts.request_id);
  request.set_category_id(std::move(category_id));
  request.set_expected_version(expected_version);
  return connection_->DeleteCategory(request, opts);
}

StatusOr<v1::Product> CatalogClient::GetProduct(std::string product_id, CallOptions opts) {
  v1::GetProductRequest request;
  request.set_product_id(std::move(product_id));
  return connection_->GetProduct(request, opts);
}

StatusOr<v1::GetProductBySkuResponse> CatalogClient::GetProductBySku(std::string sku, CallOptions opts) {
  v1::GetProductBySkuRequest request;
  request.set_sku(std::move(sku));
  return connection_->GetProductBySku(request, opts);
}

PaginationRange<v1::Product> CatalogClient::ListProducts(v1::ListProductsRequest request, CallOptions opts) {
  return connection_->ListProducts(request, opts);
}

StatusOr<v1::BatchGetProductsResponse> CatalogClient::BatchGetProducts(std::vector<std::string> product_ids,
                                                                       CallOptions opts) {
  v1::BatchGetProductsRequest request;
  for (auto& id : product_ids) request.add_product_ids(std::move(id));
  return connection_->BatchGetProducts(request, opts);
}

StatusOr<v1::Product> CatalogClient::CreateProduct(v1::Product product, CallOptions opts) {
  v1::CreateProductRequest request;
  request.set_request_id(opts.request_id);
  *request.mutable_product() = std::move(product);
  return connection_->CreateProduct(request, opts);
}

StatusOr<v1::Product> CatalogClient::UpdateProduct(v1::Product product, google::protobuf::FieldMask update_mask,
                                                   std::int64_t expected_version, CallOptions opts) {
  v1::UpdateProductRequest request;
  request.set_request_id(opts.request_id);
  *request.mutable_product() = std::move(product);
  *request.mutable_update_mask() = std::move(update_mask);
  request.set_expected_version(expected_version);
  return connection_->UpdateProduct(request, opts);
}

StatusOr<v1::Product> CatalogClient::UpdateProduct(v1::Product product, std::vector<std::string> paths,
                                                   std::int64_t expected_version, CallOptions opts) {
  return UpdateProduct(std::move(product), MaskOf(std::move(paths)), expected_version, std::move(opts));
}

StatusOr<v1::Product> CatalogClient::ArchiveProduct(std::string product_id, std::int64_t expected_version,
                                                    CallOptions opts) {
  v1::ArchiveProductRequest request;
  request.set_request_id(opts.request_id);
  request.set_product_id(std::move(product_id));
  request.set_expected_version(expected_version);
  return connection_->ArchiveProduct(request, opts);
}

CacheStats CatalogClient::cache_stats() const { return connection_->cache_stats(); }

}  // namespace mercato
