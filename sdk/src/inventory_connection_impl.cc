// InventoryService RPCs: snapshot settings, decide idempotency (reads always; mutations keyed once
// before the loop), run the shared retry loop (blocking or asynchronous), unwrap; lists page
// through PagedCall and AsyncPagedCall.
#include "sdk/src/inventory_connection_impl.h"

#include <utility>

#include "sdk/src/async_retry_loop.h"
#include "sdk/src/paged_call.h"
#include "sdk/src/retry_loop.h"
#include "sdk/src/unwrap.h"

namespace mercato::internal {
namespace {

using Stub = v1::InventoryService::StubInterface;
using Async = Stub::async_interface;

}  // namespace

InventoryConnectionImpl::InventoryConnectionImpl(std::shared_ptr<Stub> stub, Options options,
                                                 std::shared_ptr<SessionToken const> token)
    : stub_(std::move(stub)),
      options_(std::move(options)),
      token_(token ? std::move(token) : std::make_shared<SessionToken const>(options_.bearer_token)) {}

StatusOr<v1::StockItem> InventoryConnectionImpl::GetStock(v1::GetStockRequest const& request,
                                                          CallOptions const& opts) {
  auto const settings = ResolveCallSettings(options_, opts, *token_);
  return Unwrap(RetryLoop(*stub_, &Stub::GetStock, request, settings, Idempotency::kIdempotent),
                &v1::GetStockResponse::mutable_stock_item);
}

StatusOr<v1::BatchGetStockResponse> InventoryConnectionImpl::BatchGetStock(v1::BatchGetStockRequest const& request,
                                                                           CallOptions const& opts) {
  auto const settings = ResolveCallSettings(options_, opts, *token_);
  return RetryLoop(*stub_, &Stub::BatchGetStock, request, settings, Idempotency::kIdempotent);
}

StatusOr<v1::AdjustStockResponse> InventoryConnectionImpl::AdjustStock(v1::AdjustStockRequest const& request,
                                                                       CallOptions const& opts) {
  auto const settings = ResolveCallSettings(options_, opts, *token_);
  auto const keyed = WithRequestId(request);
  return RetryLoop(*stub_, &Stub::AdjustStock, keyed, settings, MutationIdempotency(keyed));
}

PaginationRange<v1::StockItem> InventoryConnectionImpl::ListStock(v1::ListStockRequest const& request,
                                                                  CallOptions const& opts) {
  return PagedCall<v1::StockItem>(stub_, &Stub::ListStock, request, ResolveCallSettings(options_, opts, *token_),
                                  [](v1::ListStockResponse& r) { return r.mutable_stock_items(); });
}

StatusOr<v1::Reservation> InventoryConnectionImpl::Reserve(v1::ReserveRequest const& request,
                                                           CallOptions const& opts) {
  auto const settings = ResolveCallSettings(options_, opts, *token_);
  auto const keyed = WithRequestId(request);
  return Unwrap(RetryLoop(*stub_, &Stub::Reserve, keyed, settings, MutationIdempotency(keyed)),
                &v1::ReserveResponse::mutable_reservation);
}

StatusOr<v1::Reservation> InventoryConnectionImpl::ExtendReservation(v1::ExtendReservationRequest const& request,
                                                                     CallOptions const& opts) {
  auto const settings = ResolveCallSettings(options_, opts, *token_);
  auto const keyed = WithRequestId(request);
  return Unwrap(RetryLoop(*stub_, &Stub::ExtendReservation, keyed, settings, MutationIdempotency(keyed)),
                &v1::ExtendReservationResponse::mutable_reservation);
}

StatusOr<v1::Reservation> InventoryConnectionImpl::CommitReservation(v1::CommitReservationRequest const& request,
                                                                     CallOptions const& opts) {
  auto const settings = ResolveCallSettings(options_, opts, *token_);
  auto const keyed = WithRequestId(request);
  return Unwrap(RetryLoop(*stub_, &Stub::CommitReservation, keyed, settings, MutationIdempotency(keyed)),
                &v1::CommitReservationResponse::mutable_reservation);
}

StatusOr<v1::Reservation> InventoryConnectionImpl::ReleaseReservation(v1::ReleaseReservationRequest const& request,
                                                                      CallOptions const& opts) {
  auto const settings = ResolveCallSettings(options_, opts, *token_);
  auto const keyed = WithRequestId(request);
  return Unwrap(RetryLoop(*stub_, &Stub::ReleaseReservation, keyed, settings, MutationIdempotency(keyed)),
                &v1::ReleaseReservationResponse::mutable_reservation);
}

StatusOr<v1::Reservation> InventoryConnectionImpl::GetReservation(v1::GetReservationRequest const& request,
                                                                  CallOptions const& opts) {
  auto const settings = ResolveCallSettings(options_, opts, *token_);
  return Unwrap(RetryLoop(*stub_, &Stub::GetReservation, request, settings, Idempotency::kIdempotent),
                &v1::GetReservationResponse::mutable_reservation);
}

PaginationRange<v1::Movement> InventoryConnectionImpl::ListMovements(v1::ListMovementsRequest const& request,
                                                                     CallOptions const& opts) {
  return PagedCall<v1::Movement>(stub_, &Stub::ListMovements, request, ResolveCallSettings(options_, opts, *token_),
                                 [](v1::ListMovementsResponse& r) { return r.mutable_movements(); });
}

void InventoryConnectionImpl::AsyncGetStock(v1::GetStockRequest const& request, CallOptions const& opts,
                                            Completion<v1::StockItem> done) {
  AsyncRetryLoop(stub_, &Async::GetStock, request, ResolveCallSettings(options_, opts, *token_),
                 Idempotency::kIdempotent, Unwrapping(&v1::GetStockResponse::mutable_stock_item, std::move(done)));
}

void InventoryConnectionImpl::AsyncBatchGetStock(v1::BatchGetStockRequest const& request, CallOptions const& opts,
                                                 Completion<v1::BatchGetStockResponse> done) {
  AsyncRetryLoop(stub_, &Async::BatchGetStock, request, ResolveCallSettings(options_, opts, *token_),
                 Idempotency::kIdempotent, std::move(done));
}

void InventoryConnectionImpl::AsyncAdjustStock(v1::AdjustStockRequest const& request, CallOptions const& opts,
                                               Completion<v1::AdjustStockResponse> done) {
  auto keyed = WithRequestId(request);
  auto const idempotency = MutationIdempotency(keyed);
  AsyncRetryLoop(stub_, &Async::AdjustStock, std::move(keyed), ResolveCallSettings(options_, opts, *token_),
                 idempotency, std::move(done));
}

AsyncPages<v1::StockItem> InventoryConnectionImpl::AsyncListStock(v1::ListStockRequest const& request,
                                                                  CallOptions const& opts) {
  return AsyncPagedCall<v1::StockItem>(stub_, &Async::ListStock, request,
                                       ResolveCallSettings(options_, opts, *token_),
                                       [](v1::ListStockResponse& r) { return r.mutable_stock_items(); });
}

void InventoryConnectionImpl::AsyncReserve(v1::ReserveRequest const& request, CallOptions const& opts,
                                           Completion<v1::Reservation> done) {
  auto keyed = WithRequestId(request);
  auto const idempotency = MutationIdempotency(keyed);
  AsyncRetryLoop(stub_, &Async::Reserve, std::move(keyed), ResolveCallSettings(options_, opts, *token_),
                 idempotency, Unwrapping(&v1::ReserveResponse::mutable_reservation, std::move(done)));
}

void InventoryConnectionImpl::AsyncExtendReservation(v1::ExtendReservationRequest const& request,
                                                     CallOptions const& opts, Completion<v1::Reservation> done) {
  auto keyed = WithRequestId(request);
  auto const idempotency = MutationIdempotency(keyed);
  AsyncRetryLoop(stub_, &Async::ExtendReservation, std::move(keyed), ResolveCallSettings(options_, opts, *token_),
                 idempotency, Unwrapping(&v1::ExtendReservationResponse::mutable_reservation, std::move(done)));
}

void InventoryConnectionImpl::AsyncCommitReservation(v1::CommitReservationRequest const& request,
                                                     CallOptions const& opts, Completion<v1::Reservation> done) {
  auto keyed = WithRequestId(request);
  auto const idempotency = MutationIdempotency(keyed);
  AsyncRetryLoop(stub_, &Async::CommitReservation, std::move(keyed), ResolveCallSettings(options_, opts, *token_),
                 idempotency, Unwrapping(&v1::CommitReservationResponse::mutable_reservation, std::move(done)));
}

void InventoryConnectionImpl::AsyncReleaseReservation(v1::ReleaseReservationRequest const& request,
                                                      CallOptions const& opts, Completion<v1::Reservation> done) {
  auto keyed = WithRequestId(request);
  auto const idempotency = MutationIdempotency(keyed);
  AsyncRetryLoop(stub_, &Async::ReleaseReservation, std::move(keyed), ResolveCallSettings(options_, opts, *token_),
                 idempotency, Unwrapping(&v1::ReleaseReservationResponse::mutable_reservation, std::move(done)));
}

void InventoryConnectionImpl::AsyncGetReservation(v1::GetReservationRequest const& request, CallOptions const& opts,
                                                  Completion<v1::Reservation> done) {
  AsyncRetryLoop(stub_, &Async::GetReservation, request, ResolveCallSettings(options_, opts, *token_),
                 Idempotency::kIdempotent,
                 Unwrapping(&v1::GetReservationResponse::mutable_reservation, std::move(done)));
}

AsyncPages<v1::Movement> InventoryConnectionImpl::AsyncListMovements(v1::ListMovementsRequest const& request,
                                                                     CallOptions const& opts) {
  return AsyncPagedCall<v1::Movement>(stub_, &Async::ListMovements, request,
                                      ResolveCallSettings(options_, opts, *token_),
                                      [](v1::ListMovementsResponse& r) { return r.mutable_movements(); });
}

std::shared_ptr<InventoryConnection> MakeInventoryConnection(std::shared_ptr<grpc::Channel> channel,
                                                             Options const& options,
                                                             std::shared_ptr<SessionToken const> token) {
  return std::make_shared<InventoryConnectionImpl>(
      std::shared_ptr<Stub>(v1::InventoryService::NewStub(std::move(channel))), options, std::move(token));
}

}  // namespace mercato::internal
