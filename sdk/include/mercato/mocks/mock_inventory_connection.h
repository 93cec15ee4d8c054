// MockInventoryConnection: a gmock InventoryConnection for testing code that uses InventoryClient
// without a server:  InventoryClient client(std::make_shared<mercato::MockInventoryConnection>());
// An asynchronous method nobody set an action for completes with UNIMPLEMENTED at once, as the
// connection's default does, so that a call never waits for a completion that cannot come.
#pragma once

#include <gmock/gmock.h>

#include <utility>

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
  MOCK_METHOD(void, AsyncGetStock, (v1::GetStockRequest const&, CallOptions const&, Completion<v1::StockItem>),
              (override));
  MOCK_METHOD(void, AsyncBatchGetStock,
              (v1::BatchGetStockRequest const&, CallOptions const&, Completion<v1::BatchGetStockResponse>), (override));
  MOCK_METHOD(void, AsyncAdjustStock,
              (v1::AdjustStockRequest const&, CallOptions const&, Completion<v1::AdjustStockResponse>), (override));
  MOCK_METHOD(void, AsyncReserve, (v1::ReserveRequest const&, CallOptions const&, Completion<v1::Reservation>),
              (override));
  MOCK_METHOD(void, AsyncExtendReservation,
              (v1::ExtendReservationRequest const&, CallOptions const&, Completion<v1::Reservation>), (override));
  MOCK_METHOD(void, AsyncCommitReservation,
              (v1::CommitReservationRequest const&, CallOptions const&, Completion<v1::Reservation>), (override));
  MOCK_METHOD(void, AsyncReleaseReservation,
              (v1::ReleaseReservationRequest const&, CallOptions const&, Completion<v1::Reservation>), (override));
  MOCK_METHOD(void, AsyncGetReservation,
              (v1::GetReservationRequest const&, CallOptions const&, Completion<v1::Reservation>), (override));
  MOCK_METHOD(AsyncPages<v1::StockItem>, AsyncListStock, (v1::ListStockRequest const&, CallOptions const&), (override));
  MOCK_METHOD(AsyncPages<v1::Movement>, AsyncListMovements, (v1::ListMovementsRequest const&, CallOptions const&),
              (override));

  MockInventoryConnection() {
    ON_CALL(*this, AsyncGetStock).WillByDefault([this](auto const& request, auto const& opts, auto done) {
      InventoryConnection::AsyncGetStock(request, opts, std::move(done));
    });
    ON_CALL(*this, AsyncBatchGetStock).WillByDefault([this](auto const& request, auto const& opts, auto done) {
      InventoryConnection::AsyncBatchGetStock(request, opts, std::move(done));
    });
    ON_CALL(*this, AsyncAdjustStock).WillByDefault([this](auto const& request, auto const& opts, auto done) {
      InventoryConnection::AsyncAdjustStock(request, opts, std::move(done));
    });
    ON_CALL(*this, AsyncReserve).WillByDefault([this](auto const& request, auto const& opts, auto done) {
      InventoryConnection::AsyncReserve(request, opts, std::move(done));
    });
    ON_CALL(*this, AsyncExtendReservation).WillByDefault([this](auto const& request, auto const& opts, auto done) {
      InventoryConnection::AsyncExtendReservation(request, opts, std::move(done));
    });
    ON_CALL(*this, AsyncCommitReservation).WillByDefault([this](auto const& request, auto const& opts, auto done) {
      InventoryConnection::AsyncCommitReservation(request, opts, std::move(done));
    });
    ON_CALL(*this, AsyncReleaseReservation).WillByDefault([this](auto const& request, auto const& opts, auto done) {
      InventoryConnection::AsyncReleaseReservation(request, opts, std::move(done));
    });
    ON_CALL(*this, AsyncGetReservation).WillByDefault([this](auto const& request, auto const& opts, auto done) {
      InventoryConnection::AsyncGetReservation(request, opts, std::move(done));
    });
    ON_CALL(*this, AsyncListStock).WillByDefault([this](auto const& request, auto const& opts) {
      return InventoryConnection::AsyncListStock(request, opts);
    });
    ON_CALL(*this, AsyncListMovements).WillByDefault([this](auto const& request, auto const& opts) {
      return InventoryConnection::AsyncListMovements(request, opts);
    });
  }
};

}  // namespace mercato
