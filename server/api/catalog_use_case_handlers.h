// CatalogService's RPCs on the product and category use cases: which use case each calls, with
// what, and where its result goes in the response. WatchChanges streams come from a
// WatchChangesFeed this object owns.
#pragma once

#include "server/api/catalog_grpc_service.h"
#include "server/api/use_case_result.h"
#include "server/api/watch_changes_feed.h"
#include "server/domain/catalog/category_tree.h"
#include "server/domain/catalog/product_catalog.h"
#include "server/domain/events/change_notifier.h"
#include "server/domain/events/outbox_store.h"

namespace mercato::api {

class CatalogUseCaseHandlers final : public CatalogHandlers {
 public:
  struct Dependencies {
    domain::ProductCatalog& products;
    domain::CategoryTree& categories;
    domain::OutboxStore& outbox;
    domain::ChangeNotifier& changes;
    Gateway& gateway;  // the caller keys a stream is limited by
  };

  CatalogUseCaseHandlers(Dependencies dependencies, WatchChangesFeed::Settings watch)
      : deps_(dependencies), feed_(dependencies.outbox, dependencies.changes, watch) {}

  // Ends open WatchChanges streams with UNAVAILABLE so that shutdown does not wait for them.
  void StopWatches() { feed_.Stop(); }
  // WatchChanges streams open now.
  std::size_t open_watch_streams() { return feed_.open_streams(); }

  domain::Status GetCategory(AdmittedCall const&, v1::GetCategoryRequest const& request,
                             v1::GetCategoryResponse& response) override {
    return Assign(deps_.categories.GetCategory(request.category_id()), *response.mutable_category());
  }
  domain::Status ListCategories(AdmittedCall const&, v1::ListCategoriesRequest const& request,
                                v1::ListCategoriesResponse& response) override {
    return Assign(deps_.categories.ListCategories(request), response);
  }
  domain::Status CreateCategory(AdmittedCall const& call, v1::CreateCategoryRequest const& request,
                                v1::CreateCategoryResponse& response) override {
    return Assign(deps_.categories.CreateCategory(request, call.caller), *response.mutable_category());
  }
  domain::Status UpdateCategory(AdmittedCall const& call, v1::UpdateCategoryRequest const& request,
                                v1::UpdateCategoryResponse& response) override {
    return Assign(deps_.categories.UpdateCategory(request, call.caller), *response.mutable_category());
  }
  domain::Status DeleteCategory(AdmittedCall const& call, v1::DeleteCategoryRequest const& request,
                                v1::DeleteCategoryResponse&) override {
    return deps_.categories.DeleteCategory(request, call.caller);
  }
  domain::Status GetProduct(AdmittedCall const& call, v1::GetProductRequest const& request,
                            v1::GetProductResponse& response) override {
    return Assign(deps_.products.GetProduct(request.product_id(), call.caller), *response.mutable_product());
  }
  domain::Status GetProductBySku(AdmittedCall const& call, v1::GetProductBySkuRequest const& request,
                                 v1::GetProductBySkuResponse& response) override {
    return Assign(deps_.products.GetProductBySku(request.sku(), call.caller), response);
  }
  domain::Status ListProducts(AdmittedCall const& call, v1::ListProductsRequest const& request,
                              v1::ListProductsResponse& response) override {
    return Assign(deps_.products.ListProducts(request, call.caller), response);
  }
  domain::Status BatchGetProducts(AdmittedCall const& call, v1::BatchGetProductsRequest const& request,
                                  v1::BatchGetProductsResponse& response) override {
    return Assign(deps_.products.BatchGetProducts(request, call.caller), response);
  }
  domain::Status CreateProduct(AdmittedCall const& call, v1::CreateProductRequest const& request,
                               v1::CreateProductResponse& response) override {
    return Assign(deps_.products.CreateProduct(request, call.caller), *response.mutable_product());
  }
  domain::Status UpdateProduct(AdmittedCall const& call, v1::UpdateProductRequest const& request,
                               v1::UpdateProductResponse& response) override {
    return Assign(deps_.products.UpdateProduct(request, call.caller), *response.mutable_product());
  }
  domain::Status ArchiveProduct(AdmittedCall const& call, v1::ArchiveProductRequest const& request,
                                v1::ArchiveProductResponse& response) override {
    return Assign(deps_.products.ArchiveProduct(request, call.caller), *response.mutable_product());
  }
  domain::Result<RawService::StreamReactor*> WatchChanges(AdmittedCall const& call,
                                                          v1::WatchChangesRequest const& request) override;

 private:
  // Validates a WatchChanges request into a subscription for the caller.
  domain::Result<WatchChangesFeed::Subscription> Subscribe(AdmittedCall const& call,
                                                           v1::WatchChangesRequest const& request);

  Dependencies deps_;
  WatchChangesFeed feed_;
};

}  // namespace mercato::api
