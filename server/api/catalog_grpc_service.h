// CatalogService over gRPC: each handler resolves the caller, calls one use case, maps the result.
#pragma once

#include <chrono>

#include "mercato/v1/catalog.grpc.pb.h"
#include "server/api/gateway.h"
#include "server/api/owned_parse_service.h"
#include "server/api/watch_changes_feed.h"
#include "server/domain/catalog/category_tree.h"
#include "server/domain/catalog/product_catalog.h"
#include "server/domain/events/change_notifier.h"
#include "server/domain/events/outbox_store.h"

namespace mercato::api {

// WatchChanges runs on gRPC's callback API (see WatchChangesFeed); the unary methods parse their
// own requests (OwnedParseService).
class CatalogGrpcService final
    : public OwnedParseService<v1::CatalogService::WithRawCallbackMethod_WatchChanges<v1::CatalogService::Service>> {
 public:
  struct Dependencies {
    domain::ProductCatalog& products;
    domain::CategoryTree& categories;
    domain::OutboxStore& outbox;
    domain::ChangeNotifier& changes;
    Gateway& gateway;
  };

  CatalogGrpcService(Dependencies dependencies, WatchChangesFeed::Settings watch);

  // Ends open WatchChanges streams with UNAVAILABLE so that shutdown does not wait for them.
  void StopWatches() { feed_.Stop(); }
  // WatchChanges streams open now.
  std::size_t open_watch_streams() { return feed_.open_streams(); }

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
  // Streams committed changes (catalog.proto); the request arrives as bytes and is parsed here.
  grpc::ServerWriteReactor<grpc::ByteBuffer>* WatchChanges(grpc::CallbackServerContext* context,
                                                           grpc::ByteBuffer const* request) override;

 private:
  // Runs `use_case(caller)` through the gateway for CatalogService/`rpc`.
  template <typename UseCase>
  grpc::Status Handle(grpc::ServerContext* context, std::string_view rpc,
                      google::protobuf::Message const& request, UseCase&& use_case);

  // Validates a WatchChanges request into a subscription for `caller`.
  domain::Result<WatchChangesFeed::Subscription> Subscribe(grpc::CallbackServerContext const& context,
                                                           v1::WatchChangesRequest const& request,
                                                           domain::Principal const& caller);

  Dependencies deps_;
  WatchChangesFeed feed_;
};

}  // namespace mercato::api
