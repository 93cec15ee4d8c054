// What a caller may see of a committed catalog event (WatchChanges): nothing the same caller's Get
// would hide. Staff see every event as committed. Anyone else sees a product they may not see
// (product_visibility.h) as CATALOG_CHANGE_KIND_REMOVED carrying only its id and version, and no
// event tells them who made a change or with which request.
#pragma once

#include "mercato/v1/events.pb.h"
#include "server/domain/identity/principal.h"

namespace mercato::domain {

v1::EventEnvelope CatalogEventFor(Principal const& caller, v1::EventEnvelope event);

}  // namespace mercato::domain
