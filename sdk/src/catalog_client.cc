// CatalogClient: builds each request from the arguments (one builder per call, shared by the
// blocking and the asynchronous method) and forwards it to the connection. The cached reads ask
// the connection's local cache first (Cached*), so that a hit builds no request.
#include "mercato/catalog_client.h"

#include <utility>

#include "sdk/src/unwrap.h"

namespace mercato {
namespace {

google::protobuf::FieldMask MaskOf(std::vector<std::string> paths) {
  google::protobuf::FieldMask mask;
  for (auto& path : paths) mask.add_paths(std::move(path));
  return mask;
}

v1::GetCategoryRequest GetCategoryRequest(std::string category_id) {
  v1::GetCategoryRequest request;
  request.set_category_id(std::move(category_id));
  return request;
}

v1::CreateCategoryRequest CreateCategoryRequest(v1::Category category, CallOptions const& opts) {
  v1::CreateCategoryRequest request;
  request.set_request_id(opts.request_id);
  *request.mutable_category() = std::move(category);
  return request;
}

v1::UpdateCategoryRequest UpdateCategoryRequest(v1::Category category, std::vector<std::string> paths,
                                                std::int64_t expected_version, CallOptions const& opts) {
  v1::UpdateCategoryRequest request;
  request.set_request_id(opts.request_id);
  *request.mutable_category() = std::move(category);
  *request.mutable_update_mask() = MaskOf(std::move(paths));
  request.set_expected_version(expected_version);
  return request;
}

v1::DeleteCategoryRequest DeleteCategoryRequest(std::string category_id, std::int64_t expected_version,
                                                CallOptions const& opts) {
  v1::DeleteCategoryRequest request;
  request.set_request_id(opts.request_id);
  request.set_category_id(std::move(category_id));
  request.set_expected_version(expected_version);
  return request;
}

v1::GetProductRequest GetProductRequest(std::string product_id) {
  v1::GetProductRequest request;
  request.set_product_id(std::move(product_id));
  return request;
}

v1::GetProductBySkuRequest GetProductBySkuRequest(std::string sku) {
  v1::GetProductBySkuRequest request;
  request.set_sku(std::move(sku));
  return request;
}

v1::BatchGetProductsRequest BatchGetProductsRequest(std::vector<std::string> product_ids) {
  v1::BatchGetProductsRequest request;
  for (auto& id : product_ids) request.add_product_ids(std::move(id));
  return request;
}

v1::CreateProductRequest CreateProductRequest(v1::Product product, CallOptions const& opts) {
  v1::CreateProductRequest request;
  request.set_request_id(opts.request_id);
  *request.mutable_product() = std::move(product);
  return request;
}

v1::UpdateProductRequest UpdateProductRequest(v1::Product product, google::protobuf::FieldMask update_mask,
                                              std::int64_t expected_version, CallOptions const& opts) {
  v1::UpdateProductRequest request;
  request.set_request_id(opts.request_id);
  *request.mutable_product() = std::move(product);
  *request.mutable_update_mask() = std::move(update_mask);
  request.set_expected_version(expected_version);
  return request;
}

v1::ArchiveProductRequest ArchiveProductRequest(std::string product_id, std::int64_t expected_version,
                                                CallOptions const& opts) {
  v1::ArchiveProductRequest request;
  request.set_request_id(opts.request_id);
  request.set_product_id(std::move(product_id));
  request.set_expected_version(expected_version);
  return request;
}

}  // namespace

CatalogClient::CatalogClient(std::shared_ptr<CatalogConnection> connection) : connection_(std::move(connection)) {}

StatusOr<Shared<v1::Category>> CatalogClient::GetCategory(std::string const& category_id, CallOptions const& opts) {
  if (auto hit = opts.bypass_cache ? nullptr : connection_->CachedCategory(category_id)) return hit;
  return connection_->GetCategory(GetCategoryRequest(category_id), opts);
}

PaginationRange<v1::Category> CatalogClient::ListCategories(v1::ListCategoriesRequest request, CallOptions opts) {
  return connection_->ListCategories(request, opts);
}

StatusOr<v1::Category> CatalogClient::CreateCategory(v1::Category category, CallOptions opts) {
  return connection_->CreateCategory(CreateCategoryRequest(std::move(category), opts), opts);
}

StatusOr<v1::Category> CatalogClient::UpdateCategory(v1::Category category, std::vector<std::string> paths,
                                                     std::int64_t expected_version, CallOptions opts) {
  return connection_->UpdateCategory(
      UpdateCategoryRequest(std::move(category), std::move(paths), expected_version, opts), opts);
}

Status CatalogClient::DeleteCategory(std::string category_id, std::int64_t expected_version, CallOptions opts) {
  return connection_->DeleteCategory(DeleteCategoryRequest(std::move(category_id), expected_version, opts), opts)
      .status();
}

StatusOr<Shared<v1::Product>> CatalogClient::GetProduct(std::string const& product_id, CallOptions const& opts) {
  if (auto hit = opts.bypass_cache ? nullptr : connection_->CachedProduct(product_id)) return hit;
  return connection_->GetProduct(GetProductRequest(product_id), opts);
}

StatusOr<Shared<v1::GetProductBySkuResponse>> CatalogClient::GetProductBySku(std::string const& sku,
                                                                             CallOptions const& opts) {
  if (auto hit = opts.bypass_cache ? nullptr : connection_->CachedProductBySku(sku)) return hit;
  return connection_->GetProductBySku(GetProductBySkuRequest(sku), opts);
}

PaginationRange<v1::Product> CatalogClient::ListProducts(v1::ListProductsRequest request, CallOptions opts) {
  return connection_->ListProducts(request, opts);
}

StatusOr<v1::BatchGetProductsResponse> CatalogClient::BatchGetProducts(std::vector<std::string> product_ids,
                                                                       CallOptions opts) {
  return connection_->BatchGetProducts(BatchGetProductsRequest(std::move(product_ids)), opts);
}

StatusOr<v1::Product> CatalogClient::CreateProduct(v1::Product product, CallOptions opts) {
  return connection_->CreateProduct(CreateProductRequest(std::move(product), opts), opts);
}

StatusOr<v1::Product> CatalogClient::UpdateProduct(v1::Product product, google::protobuf::FieldMask update_mask,
                                                   std::int64_t expected_version, CallOptions opts) {
  return connection_->UpdateProduct(
      UpdateProductRequest(std::move(product), std::move(update_mask), expected_version, opts), opts);
}

StatusOr<v1::Product> CatalogClient::UpdateProduct(v1::Product product, std::vector<std::string> paths,
                                                   std::int64_t expected_version, CallOptions opts) {
  return UpdateProduct(std::move(product), MaskOf(std::move(paths)), expected_version, std::move(opts));
}

StatusOr<v1::Product> CatalogClient::ArchiveProduct(std::string product_id, std::int64_t expected_version,
                                                    CallOptions opts) {
  return connection_->ArchiveProduct(ArchiveProductRequest(std::move(product_id), expected_version, opts), opts);
}

void CatalogClient::AsyncGetCategory(std::string category_id, CallOptions opts, Completion<Shared<v1::Category>> done) {
  if (auto hit = opts.bypass_cache ? nullptr : connection_->CachedCategory(category_id)) return done(std::move(hit));
  connection_->AsyncGetCategory(GetCategoryRequest(std::move(category_id)), opts, std::move(done));
}

AsyncPages<v1::Category> CatalogClient::AsyncListCategories(v1::ListCategoriesRequest request, CallOptions opts) {
  return connection_->AsyncListCategories(request, opts);
}

void CatalogClient::AsyncCreateCategory(v1::Category category, CallOptions opts, Completion<v1::Category> done) {
  connection_->AsyncCreateCategory(CreateCategoryRequest(std::move(category), opts), opts, std::move(done));
}

void CatalogClient::AsyncUpdateCategory(v1::Category category, std::vector<std::string> paths,
                                        std::int64_t expected_version, CallOptions opts,
                                        Completion<v1::Category> done) {
  connection_->AsyncUpdateCategory(
      UpdateCategoryRequest(std::move(category), std::move(paths), expected_version, opts), opts, std::move(done));
}

void CatalogClient::AsyncDeleteCategory(std::string category_id, std::int64_t expected_version, CallOptions opts,
                                        StatusCompletion done) {
  connection_->AsyncDeleteCategory(DeleteCategoryRequest(std::move(category_id), expected_version, opts), opts,
                                   internal::DroppingResponse<v1::DeleteCategoryResponse>(std::move(done)));
}

void CatalogClient::AsyncGetProduct(std::string product_id, CallOptions opts, Completion<Shared<v1::Product>> done) {
  if (auto hit = opts.bypass_cache ? nullptr : connection_->CachedProduct(product_id)) return done(std::move(hit));
  connection_->AsyncGetProduct(GetProductRequest(std::move(product_id)), opts, std::move(done));
}

void CatalogClient::AsyncGetProductBySku(std::string sku, CallOptions opts,
                                         Completion<Shared<v1::GetProductBySkuResponse>> done) {
  if (auto hit = opts.bypass_cache ? nullptr : connection_->CachedProductBySku(sku)) return done(std::move(hit));
  connection_->AsyncGetProductBySku(GetProductBySkuRequest(std::move(sku)), opts, std::move(done));
}

AsyncPages<v1::Product> CatalogClient::AsyncListProducts(v1::ListProductsRequest request, CallOptions opts) {
  return connection_->AsyncListProducts(request, opts);
}

void CatalogClient::AsyncBatchGetProducts(std::vector<std::string> product_ids, CallOptions opts,
                                          Completion<v1::BatchGetProductsResponse> done) {
  connection_->AsyncBatchGetProducts(BatchGetProductsRequest(std::move(product_ids)), opts, std::move(done));
}

void CatalogClient::AsyncCreateProduct(v1::Product product, CallOptions opts, Completion<v1::Product> done) {
  connection_->AsyncCreateProduct(CreateProductRequest(std::move(product), opts), opts, std::move(done));
}

void CatalogClient::AsyncUpdateProduct(v1::Product product, std::vector<std::string> paths,
                                       std::int64_t expected_version, CallOptions opts, Completion<v1::Product> done) {
  connection_->AsyncUpdateProduct(
      UpdateProductRequest(std::move(product), MaskOf(std::move(paths)), expected_version, opts), opts,
      std::move(done));
}

void CatalogClient::AsyncArchiveProduct(std::string product_id, std::int64_t expected_version, CallOptions opts,
                                        Completion<v1::Product> done) {
  connection_->AsyncArchiveProduct(ArchiveProductRequest(std::move(product_id), expected_version, opts), opts,
                                   std::move(done));
}

AsyncStream<v1::WatchChangesResponse> CatalogClient::WatchChanges(v1::WatchChangesRequest request, CallOptions opts) {
  return connection_->WatchChanges(request, opts);
}

CacheStats CatalogClient::cache_stats() const { return connection_->cache_stats(); }

}  // namespace mercato
