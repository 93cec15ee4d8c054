// CatalogService over gRPC: each handler resolves the caller, calls one use case, maps the result.
#pragma once

#include "mercato/v1/catalog.pb.h"
#include "server/api/gateway.h"
#include "server/api/raw_service.h"
#include "server/api/watch_changes_feed.h"
#include "server/domain/catalog/category_tree.h"
#include "server/domain/catalog/product_catalog.h"
#include "server/domain/events/change_notifier.h"
#include "server/domain/events/outbox_store.h"

namespace mercato::api {

// A RawService: requests arrive as bytes; WatchChanges streams are served by WatchChangesFeed.
class CatalogGrpcService final : public RawService {
 public:
  struct Dependencies {
    domain::ProductCatalog& products;
    domain::CategoryTree& categories;
    domain::OutboxStore& outbox;
    domain::ChangeNotifier& changes;
    Gateway& gateway;
  };

  CatalogGrpcService(Dependencies dependencies, HandlerPool& pool, WatchChangesFeed::Settings watch);

  // Ends open WatchChanges streams with UNAVAILABLE so that shutdown does not wait for them.
  void StopWatches() { feed_.Stop(); }
  // WatchChanges streams open now.
  std::size_t open_watch_streams() { return feed_.open_streams(); }

  grpc::Status GetCategory(grpc::ServerContextBase* context, v1::GetCategoryRequest const* request,
                           v1::GetCategoryResponse* response);
  grpc::Status ListCategories(grpc::ServerContextBase* context, v1::ListCategoriesRequest const* request,
                              v1::ListCategoriesResponse* response);
  grpc::Status CreateCategory(grpc::ServerContextBase* context, v1::CreateCategoryRequest const* request,
                              v1::CreateCategoryResponse* response);
  grpc::Status UpdateCategory(grpc::ServerContextBase* context, v1::UpdateCategoryRequest const* request,
                              v1::UpdateCategoryResponse* response);
  grpc::Status DeleteCategory(grpc::ServerContextBase* context, v1::DeleteCategoryRequest const* request,
                              v1::DeleteCategoryResponse* response);
  grpc::Status GetProduct(grpc::ServerContextBase* context, v1::GetProductRequest const* request,
                          v1::GetProductResponse* response);
  grpc::Status GetProductBySku(grpc::ServerContextBase* context, v1::GetProductBySkuRequest const* request,
                               v1::GetProductBySkuResponse* response);
  grpc::Status ListProducts(grpc::ServerContextBase* context, v1::ListProductsRequest const* request,
                            v1::ListProductsResponse* response);
  grpc::Status BatchGetProducts(grpc::ServerContextBase* context, v1::BatchGetProductsRequest const* request,
                                v1::BatchGetProductsResponse* response);
  grpc::Status CreateProduct(grpc::ServerContextBase* context, v1::CreateProductRequest const* request,
                             v1::CreateProductResponse* response);
  grpc::Status UpdateProduct(grpc::ServerContextBase* context, v1::UpdateProductRequest const* request,
                             v1::UpdateProductResponse* response);
  grpc::Status ArchiveProduct(grpc::ServerContextBase* context, v1::ArchiveProductRequest const* request,
                              v1::ArchiveProductResponse* response);
  // Streams committed changes (catalog.proto); parses the request bytes itself.
  StreamReactor* WatchChanges(grpc::CallbackServerContext* context, grpc::ByteBuffer const* request);

 private:
  // Runs `use_case(caller)` through the gateway for CatalogService/`rpc`.
  template <typename UseCase>
  grpc::Status Handle(grpc::ServerContextBase* context, std::string_view rpc,
                      google::protobuf::Message const& request, UseCase&& use_case);

  // Validates a WatchChanges request into a subscription for `caller`.
  domain::Result<WatchChangesFeed::Subscription> Subscribe(grpc::CallbackServerContext const& context,
                                                           v1::WatchChangesRequest const& request,
                                                           domain::Principal const& caller);

  Dependencies deps_;
  WatchChangesFeed feed_;
};

}  // namespace mercato::api
