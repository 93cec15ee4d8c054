// CatalogConnection's UNIMPLEMENTED defaults and the factories that stack impl and cache.
#include "mercato/catalog_connection.h"

#include "sdk/src/caching_catalog_connection.h"
#include "sdk/src/catalog_connection_factory.h"
#include "sdk/src/catalog_connection_impl.h"
#include "sdk/src/channel.h"
#include "sdk/src/unimplemented.h"

namespace mercato {
namespace {

Status Unimplemented(char const* rpc) { return internal::Unimplemented("CatalogConnection", rpc); }

}  // namespace

StatusOr<Shared<v1::Category>> CatalogConnection::GetCategory(v1::GetCategoryRequest const&, CallOptions const&) {
  return Unimplemented("GetCategory");
}
PaginationRange<v1::Category> CatalogConnection::ListCategories(v1::ListCategoriesRequest const&,
                                                                CallOptions const&) {
  return PaginationRange<v1::Category>::FromError(Unimplemented("ListCategories"));
}
StatusOr<v1::Category> CatalogConnection::CreateCategory(v1::CreateCategoryRequest const&, CallOptions const&) {
  return Unimplemented("CreateCategory");
}
StatusOr<v1::Category> CatalogConnection::UpdateCategory(v1::UpdateCategoryRequest const&, CallOptions const&) {
  return Unimplemented("UpdateCategory");
}
Status CatalogConnection::DeleteCategory(v1::DeleteCategoryRequest const&, CallOptions const&) {
  return Unimplemented("DeleteCategory");
}
StatusOr<Shared<v1::Product>> CatalogConnection::GetProduct(v1::GetProductRequest const&, CallOptions const&) {
  return Unimplemented("GetProduct");
}
StatusOr<Shared<v1::GetProductBySkuResponse>> CatalogConnection::GetProductBySku(v1::GetProductBySkuRequest const&,
                                                                         CallOptions const&) {
  return Unimplemented("GetProductBySku");
}
PaginationRange<v1::Product> CatalogConnection::ListProducts(v1::ListProductsRequest const&, CallOptions const&) {
  return PaginationRange<v1::Product>::FromError(Unimplemented("ListProducts"));
}
StatusOr<v1::BatchGetProductsResponse> CatalogConnection::BatchGetProducts(v1::BatchGetProductsRequest const&,
                                                                           CallOptions const&) {
  return Unimplemented("BatchGetProducts");
}
StatusOr<v1::Product> CatalogConnection::CreateProduct(v1::CreateProductRequest const&, CallOptions const&) {
  return Unimplemented("CreateProduct");
}
StatusOr<v1::Product> CatalogConnection::UpdateProduct(v1::UpdateProductRequest const&, CallOptions const&) {
  return Unimplemented("UpdateProduct");
}
StatusOr<v1::Product> CatalogConnection::ArchiveProduct(v1::ArchiveProductRequest const&, CallOptions const&) {
  return Unimplemented("ArchiveProduct");
}
void CatalogConnection::AsyncGetCategory(v1::GetCategoryRequest const&, CallOptions const&,
                                         Completion<Shared<v1::Category>> done) {
  done(Unimplemented("AsyncGetCategory"));
}
AsyncPages<v1::Category> CatalogConnection::AsyncListCategories(v1::ListCategoriesRequest const&, CallOptions const&) {
  return AsyncPages<v1::Category>::FromError(Unimplemented("AsyncListCategories"));
}
void CatalogConnection::AsyncCreateCategory(v1::CreateCategoryRequest const&, CallOptions const&,
                                            Completion<v1::Category> done) {
  done(Unimplemented("AsyncCreateCategory"));
}
void CatalogConnection::AsyncUpdateCategory(v1::UpdateCategoryRequest const&, CallOptions const&,
                                            Completion<v1::Category> done) {
  done(Unimplemented("AsyncUpdateCategory"));
}
void CatalogConnection::AsyncDeleteCategory(v1::DeleteCategoryRequest const&, CallOptions const&,
                                            StatusCompletion done) {
  done(Unimplemented("AsyncDeleteCategory"));
}
void CatalogConnection::AsyncGetProduct(v1::GetProductRequest const&, CallOptions const&,
                                        Completion<Shared<v1::Product>> done) {
  done(Unimplemented("AsyncGetProduct"));
}
void CatalogConnection::AsyncGetProductBySku(v1::GetProductBySkuRequest const&, CallOptions const&,
                                             Completion<Shared<v1::GetProductBySkuResponse>> done) {
  done(Unimplemented("AsyncGetProductBySku"));
}
AsyncPages<v1::Product> CatalogConnection::AsyncListProducts(v1::ListProductsRequest const&, CallOptions const&) {
  return AsyncPages<v1::Product>::FromError(Unimplemented("AsyncListProducts"));
}
void CatalogConnection::AsyncBatchGetProducts(v1::BatchGetProductsRequest const&, CallOptions const&,
                                              Completion<v1::BatchGetProductsResponse> done) {
  done(Unimplemented("AsyncBatchGetProducts"));
}
void CatalogConnection::AsyncCreateProduct(v1::CreateProductRequest const&, CallOptions const&,
                                           Completion<v1::Product> done) {
  done(Unimplemented("AsyncCreateProduct"));
}
void CatalogConnection::AsyncUpdateProduct(v1::UpdateProductRequest const&, CallOptions const&,
                                           Completion<v1::Product> done) {
  done(Unimplemented("AsyncUpdateProduct"));
}
void CatalogConnection::AsyncArchiveProduct(v1::ArchiveProductRequest const&, CallOptions const&,
                                            Completion<v1::Product> done) {
  done(Unimplemented("AsyncArchiveProduct"));
}
AsyncStream<v1::WatchChangesResponse> CatalogConnection::WatchChanges(v1::WatchChangesRequest const&,
                                                                      CallOptions const&) {
  return AsyncStream<v1::WatchChangesResponse>::FromError(Unimplemented("WatchChanges"));
}
Shared<v1::Product> CatalogConnection::CachedProduct(std::string const&) { return nullptr; }
Shared<v1::Category> CatalogConnection::CachedCategory(std::string const&) { return nullptr; }
Shared<v1::GetProductBySkuResponse> CatalogConnection::CachedProductBySku(std::string const&) { return nullptr; }
void CatalogConnection::ClearCache() {}
CacheStats CatalogConnection::cache_stats() const { return {}; }

std::shared_ptr<CatalogConnection> MakeCatalogConnection(Options options) {
  auto channel = internal::MakeChannel(options);
  return internal::MakeCatalogConnection(std::move(channel), options);
}

namespace internal {

namespace {

std::shared_ptr<CatalogConnection> Stack(std::shared_ptr<v1::CatalogService::StubInterface> stub,
                                         Options const& options, std::shared_ptr<SessionToken const> token) {
  std::shared_ptr<CatalogConnection> connection =
      std::make_shared<CatalogConnectionImpl>(stub, options, std::move(token));
  if (!options.cache.enabled) return connection;
  auto watch_stub = options.cache.watch_changes ? std::move(stub) : nullptr;
  return std::make_shared<CachingCatalogConnection>(std::move(connection), options, std::move(watch_stub));
}

}  // namespace

std::shared_ptr<CatalogConnection> MakeCatalogConnection(std::shared_ptr<v1::CatalogService::StubInterface> stub,
                                                         Options const& options) {
  return Stack(std::move(stub), options, nullptr);
}

std::shared_ptr<CatalogConnection> MakeCatalogConnection(std::shared_ptr<grpc::Channel> channel,
                                                         Options const& options) {
  return MakeCatalogConnection(
      std::shared_ptr<v1::CatalogService::StubInterface>(v1::CatalogService::NewStub(std::move(channel))), options);
}

std::shared_ptr<CatalogConnection> MakeCatalogConnection(std::shared_ptr<grpc::Channel> channel,
                                                         Options const& options,
                                                         std::shared_ptr<SessionToken const> token) {
  return Stack(std::shared_ptr<v1::CatalogService::StubInterface>(v1::CatalogService::NewStub(std::move(channel))),
               options, std::move(token));
}

}  // namespace internal
}  // namespace mercato
