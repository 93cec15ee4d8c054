// WatchChanges: who may watch which events, from where, and the stream that follows.
#include "server/api/catalog_use_case_handlers.h"

#include <set>
#include <string>
#include <utility>

namespace mercato::api {
namespace {

bool IsCatalogAggregate(std::string const& type) { return type == "product" || type == "category"; }

}  // namespace

domain::Result<RawService::StreamReactor*> CatalogUseCaseHandlers::WatchChanges(
    AdmittedCall const& call, v1::WatchChangesRequest const& request) {
  auto subscription = Subscribe(call, request);
  if (!subscription) return subscription.error();
  return feed_.Open(*std::move(subscription));
}

domain::Result<WatchChangesFeed::Subscription> CatalogUseCaseHandlers::Subscribe(
    AdmittedCall const& call, v1::WatchChangesRequest const& request) {
  // Each type becomes a query parameter: a caller may name a handful, once each.
  constexpr std::size_t kMaxAggregateTypes = 16;
  auto const& caller = call.caller;
  std::set<std::string> const distinct(request.aggregate_types().begin(), request.aggregate_types().end());
  WatchChangesFeed::Subscription subscription{caller,
                                              deps_.gateway.CallerKey(call.context, caller),
                                              deps_.gateway.CallerKey(call.context, domain::Principal{}),
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
