#include "server/domain/catalog/catalog_event_view.h"

#include "mercato/v1/catalog.pb.h"
#include "server/domain/catalog/product_visibility.h"

namespace mercato::domain {

v1::EventEnvelope CatalogEventFor(Principal const& caller, v1::EventEnvelope event) {
  if (caller.IsStaff()) return event;
  // Headers name the actor and the causing request: back-office facts, not the shopper's.
  auto const trace = event.headers().find("trace_parent");
  std::string const trace_parent = trace == event.headers().end() ? "" : trace->second;
  event.clear_headers();
  if (!trace_parent.empty()) (*event.mutable_headers())["trace_parent"] = trace_parent;

  v1::ProductUpdated payload;
  if (!event.payload().Is<v1::ProductUpdated>() || !event.payload().UnpackTo(&payload)) return event;
  if (ProductVisibleTo(payload.product(), caller)) return event;
  v1::ProductUpdated removed;
  removed.mutable_product()->set_id(payload.product().id());
  removed.mutable_product()->set_version(payload.product().version());
  removed.set_change_kind(v1::CATALOG_CHANGE_KIND_REMOVED);
  event.mutable_payload()->PackFrom(removed);
  return event;
}

}  // namespace mercato::domain
