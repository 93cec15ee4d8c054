// Catalog handlers: request in, one use case through the gateway, result out.
#include "server/api/catalog_grpc_service.h"

#include <set>
#include <utility>

#include "server/api/status_mapping.h"
#include "server/api/use_case_result.h"
#include "server/domain/catalog/catalog_event_view.h"

namespace mercato::api {
namespace {

constexpr char kDomain[] = "catalog";

bool IsCatalogAggregate(std::string const& type) { return type == "product" || type == "category"; }

}  // namespace

CatalogGrpcService::CatalogGrpcService(Dependencies dependencies, HandlerPool& pool, WatchChangesFeed::Settings watch)
    : RawService(dependencies.gateway, pool, ServiceInFileOf<v1::GetProductRequest>("CatalogService")),
      deps_(dependencies),
      feed_(dependencies.outbox, dependencies.changes, watch) {
  ServeUnary("GetCategory", &CatalogGrpcService::GetCategory);
  ServeUnary("ListCategories", &CatalogGrpcService::ListCategories);
  ServeUnary("CreateCategory", &CatalogGrpcService::CreateCategory);
  ServeUnary("UpdateCategory", &CatalogGrpcService::UpdateCategory);
  ServeUnary("DeleteCategory", &CatalogGrpcService::DeleteCategory);
  ServeUnary("GetProduct", &CatalogGrpcService::GetProduct);
  ServeUnary("GetProductBySku", &CatalogGrpcService::GetProductBySku);
  ServeUnary("ListProducts", &CatalogGrpcService::ListProducts);
  ServeUnary("BatchGetProducts", &CatalogGrpcService::BatchGetProducts);
  ServeUnary("CreateProduct", &CatalogGrpcService::CreateProduct);
  ServeUnary("UpdateProduct", &CatalogGrpcService::UpdateProduct);
  ServeUnary("ArchiveProduct", &CatalogGrpcService::ArchiveProduct);
  ServeStream("WatchChanges", [this](grpc::CallbackServerContext* context, grpc::ByteBuffer const* request) {
    return WatchChanges(context, request);
  });
}

template <typename UseCase>
grpc::Status CatalogGrpcService::Handle(grpc::ServerContextBase* context, std::string_view rpc,
                                         google::protobuf::Message const& request, UseCase&& use_case) {
  std::string const method = "/mercato.v1.CatalogService/" + std::string(rpc);
  return deps_.gateway.Run(context, method, kDomain, request, std::forward<UseCase>(use_case));
}

grpc::Status CatalogGrpcService::GetCategory(grpc::ServerContextBase* context, v1::GetCategoryRequest const* request,
                                             v1::GetCategoryResponse* response) {
  return Handle(context, "GetCategory", *request, [&](domain::Principal const&) {
    return Assign(deps_.categories.GetCategory(request->category_id()), *response->mutable_category());
  });
}

grpc::Status CatalogGrpcService::ListCategories(grpc::ServerContextBase* context,
                                                v1::ListCategoriesRequest const* request,
                                                v1::ListCategoriesResponse* response) {
  return Handle(context, "ListCategories", *request,
                [&](domain::Principal const&) { return Assign(deps_.categories.ListCategories(*request), *response); });
}

grpc::Status CatalogGrpcService::CreateCategory(grpc::ServerContextBase* context,
                                                v1::CreateCategoryRequest const* request,
                                                v1::CreateCategoryResponse* response) {
  return Handle(context, "CreateCategory", *request, [&](domain::Principal const& caller) {
    return Assign(deps_.categories.CreateCategory(*request, caller), *response->mutable_category());
  });
}

grpc::Status CatalogGrpcService::UpdateCategory(grpc::ServerContextBase* context,
                                                v1::UpdateCategoryRequest const* request,
                                                v1::UpdateCategoryResponse* response) {
  return Handle(context, "UpdateCategory", *request, [&](domain::Principal const& caller) {
    return Assign(deps_.categories.UpdateCategory(*request, caller), *response->mutable_category());
  });
}

grpc::Status CatalogGrpcService::DeleteCategory(grpc::ServerContextBase* context,
                                                v1::DeleteCategoryRequest const* request,
                                                v1::DeleteCategoryResponse*) {
  return Handle(context, "DeleteCategory", *request, [&](domain::Principal const& caller) {
    return deps_.categories.DeleteCategory(*request, caller);
  });
}

grpc::Status CatalogGrpcService::GetProduct(grpc::ServerContextBase* context, v1::GetProductRequest const* request,
                                            v1::GetProductResponse* response) {
  return Handle(context, "GetProduct", *request, [&](domain::Principal const& caller) {
    return Assign(deps_.products.GetProduct(request->product_id(), caller), *response->mutable_product());
  });
}

grpc::Status CatalogGrpcService::GetProductBySku(grpc::ServerContextBase* context,
                                                 v1::GetProductBySkuRequest const* request,
                                                 v1::GetProductBySkuResponse* response) {
  return Handle(context, "GetProductBySku", *request, [&](domain::Principal const& caller) {
    return Assign(deps_.products.GetProductBySku(request->sku(), caller), *response);
  });
}

grpc::Status CatalogGrpcService::ListProducts(grpc::ServerContextBase* context, v1::ListProductsRequest const* request,
                                              v1::ListProductsResponse* response) {
  return Handle(context, "ListProducts", *request, [&](domain::Principal const& caller) {
    return Assign(deps_.products.ListProducts(*request, caller), *response);
  });
}

grpc::Status CatalogGrpcService::BatchGetProducts(grpc::ServerContextBase* context,
                                                  v1::BatchGetProductsRequest const* request,
                                                  v1::BatchGetProductsResponse* response) {
  return Handle(context, "BatchGetProducts", *request, [&](domain::Principal const& caller) {
    return Assign(deps_.products.BatchGetProducts(*request, caller), *response);
  });
}

grpc::Status CatalogGrpcService::CreateProduct(grpc::ServerContextBase* context,
                                               v1::CreateProductRequest const* request,
                                               v1::CreateProductResponse* response) {
  return Handle(context, "CreateProduct", *request, [&](domain::Principal const& caller) {
    return Assign(deps_.products.CreateProduct(*request, caller), *response->mutable_product());
  });
}

grpc::Status CatalogGrpcService::UpdateProduct(grpc::ServerContextBase* context,
                                               v1::UpdateProductRequest const* request,
                                               v1::UpdateProductResponse* response) {
  return Handle(context, "UpdateProduct", *request, [&](domain::Principal const& caller) {
    return Assign(deps_.products.UpdateProduct(*request, caller), *response->mutable_product());
  });
}

grpc::Status CatalogGrpcService::ArchiveProduct(grpc::ServerContextBase* context,
                                                v1::ArchiveProductRequest const* request,
                                                v1::ArchiveProductResponse* response) {
  return Handle(context, "ArchiveProduct", *request, [&](domain::Principal const& caller) {
    return Assign(deps_.products.ArchiveProduct(*request, caller), *response->mutable_product());
  });
}

RawService::StreamReactor* CatalogGrpcService::WatchChanges(grpc::CallbackServerContext* context,
                                                            grpc::ByteBuffer const* bytes) {
  std::string const method = "/mercato.v1.CatalogService/WatchChanges";
  v1::WatchChangesRequest request;
  if (auto parsed = ParseRequest(*bytes, request); !parsed) {
    return RefusedStream(deps_.gateway.Refuse(context, method, parsed.error()));
  }
  WatchChangesFeed::Reactor* stream = nullptr;
  auto status = deps_.gateway.Run(context, method, kDomain, request, [&](domain::Principal const& caller) {
    auto subscription = Subscribe(*context, request, caller);
    if (!subscription) return domain::Status(subscription.error());
    auto opened = feed_.Open(*std::move(subscription));
    if (!opened) return domain::Status(opened.error());
    stream = *opened;
    return domain::Ok();
  });
  if (!status.ok()) return RefusedStream(std::move(status));
  return stream;
}

domain::Result<WatchChangesFeed::Subscription> CatalogGrpcService::Subscribe(
    grpc::CallbackServerContext const& context, v1::WatchChangesRequest const& request,
    domain::Principal const& caller) {
  // Each type becomes a query parameter: a caller may name a handful, once each.
  constexpr std::size_t kMaxAggregateTypes = 16;
  std::set<std::string> const distinct(request.aggregate_types().begin(), request.aggregate_types().end());
  WatchChangesFeed::Subscription subscription{caller,
                                              deps_.gateway.CallerKey(context, caller),
                                              deps_.gateway.CallerKey(context, domain::Principal{}),
                                              caller.Has(domain::Role::kService),
                                              {distinct.begin(), distinct.end()},
                                              0};
  auto& types = subscription.aggregate_types;
  if (types.size() > kMaxAggregateTypes) {
    return domain::InvalidArgument("aggregate_types", "aggregate_types names " + std::to_string(types.size()) +
                                                          " types; at most 16 (e.g. \"product\", \"category\")");
  }
  if (!caller.IsStaff()) {
    if (types.empty()) types = {"product", "category"};
    for (auto const& type : types) {
      if (!IsCatalogAggregate(type)) return domain::StaffRequired("watching \"" + domain::Echo(type) + "\" events");
    }
  }
  if (request.has_after_position()) {
    if (request.after_position() < 0) {
      return domain::InvalidArgument("after_position", "after_position must not be negative");
    }
    subscription.after_position = request.after_position();
  } else {
    auto last = deps_.outbox.LastPosition();
    if (!last) return last.error();
    subscription.after_position = *last;
  }
  return subscription;
}

}  // namespace mercato::api
