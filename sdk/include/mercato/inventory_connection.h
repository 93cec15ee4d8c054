// InventoryConnection: one virtual per InventoryService RPC, taking the proto request. The seam
// between InventoryClient and the transport (retries, idempotency keys, paging); mock it in tests
// with mercato/mocks/mock_inventory_connection.h.
#pragma once

#include <memory>

#include "mercato/async_pages.h"
#include "mercato/completion.h"
#include "mercato/options.h"
#include "mercato/pagination.h"
#include "mercato/status.h"
#include "mercato/status_or.h"
#include "mercato/v1/inventory.pb.h"

namespace mercato {

// Every method has a default that returns UNIMPLEMENTED (the asynchronous ones complete with it
// at once), so that a mock or decorator only overrides what it needs and later RPCs do not break it.
//
// Each RPC comes twice: blocking, and Async*, which starts the same call (same retries,
// idempotency keys, deadlines and errors) and returns at once; its result arrives through a
// Completion (mercato/completion.h says on which thread). Lists come as AsyncPages.
class InventoryConnection {
 public:
  virtual ~InventoryConnection() = default;

  virtual StatusOr<v1::StockItem> GetStock(v1::GetStockRequest const& request, CallOptions const& opts);
  virtual StatusOr<v1::BatchGetStockResponse> BatchGetStock(v1::BatchGetStockRequest const& request,
                                                            CallOptions const& opts);
  virtual StatusOr<v1::AdjustStockResponse> AdjustStock(v1::AdjustStockRequest const& request,
                                                        CallOptions const& opts);
  virtual PaginationRange<v1::StockItem> ListStock(v1::ListStockRequest const& request, CallOptions const& opts);

  virtual StatusOr<v1::Reservation> Reserve(v1::ReserveRequest const& request, CallOptions const& opts);
  virtual StatusOr<v1::Reservation> ExtendReservation(v1::ExtendReservationRequest const& request,
                                                      CallOptions const& opts);
  virtual StatusOr<v1::Reservation> CommitReservation(v1::CommitReservationRequest const& request,
                                                      CallOptions const& opts);
  virtual StatusOr<v1::Reservation> ReleaseReservation(v1::ReleaseReservationRequest const& request,
                                                       CallOptions const& opts);
  virtual StatusOr<v1::Reservation> GetReservation(v1::GetReservationRequest const& request,
                                                   CallOptions const& opts);

  virtual PaginationRange<v1::Movement> ListMovements(v1::ListMovementsRequest const& request,
                                                      CallOptions const& opts);

  virtual void AsyncGetStock(v1::GetStockRequest const& request, CallOptions const& opts,
                             Completion<v1::StockItem> done);
  virtual void AsyncBatchGetStock(v1::BatchGetStockRequest const& request, CallOptions const& opts,
                                  Completion<v1::BatchGetStockResponse> done);
  virtual void AsyncAdjustStock(v1::AdjustStockRequest const& request, CallOptions const& opts,
                                Completion<v1::AdjustStockResponse> done);
  virtual AsyncPages<v1::StockItem> AsyncListStock(v1::ListStockRequest const& request, CallOptions const& opts);

  virtual void AsyncReserve(v1::ReserveRequest const& request, CallOptions const& opts,
                            Completion<v1::Reservation> done);
  virtual void AsyncExtendReservation(v1::ExtendReservationRequest const& request, CallOptions const& opts,
                                      Completion<v1::Reservation> done);
  virtual void AsyncCommitReservation(v1::CommitReservationRequest const& request, CallOptions const& opts,
                                      Completion<v1::Reservation> done);
  virtual void AsyncReleaseReservation(v1::ReleaseReservationRequest const& request, CallOptions const& opts,
                                       Completion<v1::Reservation> done);
  virtual void AsyncGetReservation(v1::GetReservationRequest const& request, CallOptions const& opts,
                                   Completion<v1::Reservation> done);

  virtual AsyncPages<v1::Movement> AsyncListMovements(v1::ListMovementsRequest const& request,
                                                      CallOptions const& opts);
};

// A connection to options.endpoint with retries (inventory has no local cache: stock levels are
// read fresh).
std::shared_ptr<InventoryConnection> MakeInventoryConnection(Options options);

}  // namespace mercato
