// Which products a caller may see: staff see every product; anyone else sees ACTIVE and ARCHIVED
// ones (an archived product is still read by id, e.g. from an old order) but never a DRAFT. Get,
// BatchGet and WatchChanges all apply this one rule.
#pragma once

#include "mercato/v1/catalog.pb.h"
#include "server/domain/identity/principal.h"

namespace mercato::domain {

inline bool ProductVisibleTo(v1::Product const& product, Principal const& caller) {
  return caller.IsStaff() || product.status() != v1::PRODUCT_STATUS_DRAFT;
}

}  // namespace mercato::domain
