// CatalogService over gRPC: each handler resolves the caller, calls one use case, maps the result.
#pragma once

#include <atomic>
#include <chrono>

#include "mercato/v1/catalog.grpc.pb.h"
#include "server/api/gateway.h"
#include "server/domain/catalog/category_tree.h"
#include "server/domain/catalog/product_catalog.h"
#include "server/domain/events/change_notifier.h"
#include "server/domain/events/outbox_store.h"

namespace mercato::api {

class CatalogGrpcService final : public v1::CatalogService::Service {
 public:
  struct Dependencies {
    domain::ProductCatalog& products;
    domain::CategoryTree& categories;
    domain::OutboxStore& outbox;
    domain::ChangeNotifier& changes;
    Gateway& gateway;
  };
  struct Settings {
    std::chrono::milliseconds watch_poll{200};  // finds events sequenced by other instances
    int watch_batch = 500;
  };

  CatalogGrpcService(Dependencies dependencies, Settings settings) : deps_(dependencies), settings_(settings) {}

  // Ends open WatchChanges streams with UNAVAILABLE so that shutdown does not wait for them.
  void StopWatches() { stopping_ = true; }

  grpc::Status GetCategory(grpc::ServerContext* context, v1::GetCategoryRequest const* request,
                           v1::GetCategoryResponse* response) override;
  grpc::Status ListCategories(grpc::ServerContext* context, v1::ListCategoriesRequest const* request,
                              v1::ListCategoriesResponse* response) override;
  grpc::Status CreateCategory(grpc::ServerContext* context, v1::CreateCategoryRequest const* request,
                              v1::CreateCategoryResponse* response) override;
  grpc::Status UpdateCategory(grpc::ServerContext* context, v1::UpdateCategoryRequest const* request,
                              v1::UpdateCategoryResponse* response) override;
  grpc::Status DeleteCategory(grpc::ServerContext* context, v1::DeleteCategoryRequest const* request,
                              v1::DeleteCategoryResponse* response) override;
  grpc::Status GetProduct(grpc::ServerContext* context, v1::GetProductRequest const* request,
                          v1::GetProductResponse* response) override;
  grpc::Status GetProductBySku(grpc::ServerContext* context, v1::GetProductBySkuRequest const* request,
                               v1::GetProductBySkuResponse* response) override;
  grpc::Status ListProducts(grpc::ServerContext* context, v1::ListProductsRequest const* request,
                            v1::ListProductsResponse* response) override;
  grpc::Status BatchGetProducts(grpc::ServerContext* context, v1::BatchGetProductsRequest const* request,
                                v1::BatchGetProductsResponse* response) override;
  grpc::Status CreateProduct(grpc::ServerContext* context, v1::CreateProductRequest const* request,
                             v1::CreateProductResponse* response) override;
  grpc::Status UpdateProduct(grpc::ServerContext* context, v1::UpdateProductRequest const* request,
                             v1::UpdateProductResponse* response) override;
  grpc::Status ArchiveProduct(grpc::ServerContext* context, v1::ArchiveProductRequest const* request,
                              v1::ArchiveProductResponse* response) override;
  grpc::Status WatchChanges(grpc::ServerContext* context, v1::WatchChangesRequest const* request,
                            grpc::ServerWriter<v1::WatchChangesResponse>* writer) override;

 private:
  // Runs `use_case(caller)` through the gateway for CatalogService/`rpc`.
  template <typename UseCase>
  grpc::Status Handle(grpc::ServerContext* context, std::string_view rpc,
                      google::protobuf::Message const& request, UseCase&& use_case);

  Dependencies deps_;
  Settings settings_;
  std::atomic<bool> stopping_{false};
};

}  // namespace mercato::api
