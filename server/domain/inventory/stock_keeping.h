// Stock levels and their ledger: reads for the storefront and staff, and staff adjustments under
// optimistic locking (the caller's expected_version must be the item's current one).
#pragma once

#include "mercato/v1/inventory.pb.h"
#include "server/domain/error.h"
#include "server/domain/identity/principal.h"
#include "server/domain/inventory/inventory_context.h"
#include "server/domain/page_token.h"

namespace mercato::domain {

class StockKeeping {
 public:
  explicit StockKeeping(InventoryContext context) : context_(context) {}

  Result<v1::StockItem> GetStock(v1::GetStockRequest const& request);
  Result<v1::BatchGetStockResponse> BatchGetStock(v1::BatchGetStockRequest const& request);
  Result<v1::ListStockResponse> ListStock(v1::ListStockRequest const& request);
  // RECEIPT or ADJUSTMENT of on_hand. A stale expected_version is ABORTED VERSION_MISMATCH with the
  // current version; on_hand below reserved is FAILED_PRECONDITION INSUFFICIENT_STOCK.
  Result<v1::AdjustStockResponse> AdjustStock(v1::AdjustStockRequest const& request, Principal const& caller);
  Result<v1::ListMovementsResponse> ListMovements(v1::ListMovementsRequest const& request);

 private:
  Result<PageRequest> ReadPage(google::protobuf::Message const& request) const;

  InventoryContext context_;
};

}  // namespace mercato::domain
