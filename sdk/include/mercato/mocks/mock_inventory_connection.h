// MockInventoryConnection: a gmock InventoryConnection for testing code that uses InventoryClient
// without a server:  InventoryClient client(std::make_shared<mercato::MockInventoryConnection>());
#pragma once

#include <gmock/gmock.h>

#include "mercato/inventory_connection.h"

namespace mercato {

class MockInventoryConnection : public InventoryConnection {
 public:
  MOCK_METHOD(StatusOr<v1::StockItem>, GetStock, (v1::GetStockRequest const&, CallOptions const&), (override));
  MOCK_METHOD(StatusOr<v1::BatchGetStockResponse>, BatchGetStock, (v1::BatchGetStockRequest const&, CallOptions const&),
              (override));
  MOCK_METHOD(StatusOr<v1::AdjustStockResponse>, AdjustStock, (v1::AdjustStockRequest const&, CallOptions const&),
              (override));
  MOCK_METHOD(PaginationRange<v1::StockItem>, ListStock, (v1::ListStockRequest const&, CallOptions const&),
              (override));
  MOCK_METHOD(StatusOr<v1::Reservation>, Reserve, (v1::ReserveRequest const&, CallOptions const&), (override));
  MOCK_METHOD(StatusOr<v1::Reservation>, ExtendReservation, (v1::ExtendReservationRequest const&, CallOptions const&),
              (override));
  MOCK_METHOD(StatusOr<v1::Reservation>, CommitReservation, (v1::CommitReservationRequest const&, CallOptions const&),
              (override));
  MOCK_METHOD(StatusOr<v1::Reservation>, ReleaseReservation,
              (v1::ReleaseReservationRequest const&, CallOptions const&), (override));
  MOCK_METHOD(StatusOr<v1::Reservation>, GetReservation, (v1::GetReservationRequest const&, CallOptions const&),
              (override));
  MOCK_METHOD(PaginationRange<v1::Movement>, ListMovements, (v1::ListMovementsRequest const&, CallOptions const&),
              (override));
};

}  // namespace mercato
