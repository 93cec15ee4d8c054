// Cart use cases: a customer's carts, created, read and changed by their owner only (another
// user's cart answers NOT_FOUND, like a missing one), each change at the cart's current version
// (ABORTED VERSION_MISMATCH otherwise) and idempotent by request_id. Every cart returned is priced
// from the catalog as it is now; a line whose SKU vanished, left sale or changed currency stays in
// the cart with its CartLineProblem, out of the subtotal.
#pragma once

#include <unordered_map>

#include "mercato/v1/orders.pb.h"
#include "server/domain/error.h"
#include "server/domain/identity/principal.h"
#include "server/domain/orders/carts_context.h"

namespace mercato::domain {

class Carts {
 public:
  explicit Carts(CartsContext context) : context_(context) {}

  // INVALID_ARGUMENT for a currency that is not ISO 4217; RESOURCE_EXHAUSTED TOO_MANY_CARTS past
  // CartLimits::max_carts_per_user.
  Result<v1::Cart> Create(v1::CreateCartRequest const& request, Principal const& caller);
  Result<v1::Cart> Get(std::string const& cart_id, Principal const& caller);
  // NOT_FOUND for an unknown SKU; FAILED_PRECONDITION PRODUCT_NOT_FOR_SALE or CURRENCY_MISMATCH;
  // RESOURCE_EXHAUSTED TOO_MANY_LINES past CartLimits::max_lines; INVALID_ARGUMENT when the line
  // would hold more than max_quantity units.
  Result<v1::Cart> AddLine(v1::AddCartLineRequest const& request, Principal const& caller);
  // Quantity 0 removes the line; NOT_FOUND for a SKU the cart has no line for.
  Result<v1::Cart> UpdateLine(v1::UpdateCartLineRequest const& request, Principal const& caller);
  Result<v1::Cart> RemoveLine(v1::RemoveCartLineRequest const& request, Principal const& caller);
  Result<v1::Cart> Clear(v1::ClearCartRequest const& request, Principal const& caller);

 private:
  // The cart as stored, priced from the catalog.
  Result<v1::Cart> Priced(Result<v1::Cart> stored);
  Result<std::unordered_map<std::string, v1::Product>> ProductsOf(v1::Cart const& cart);

  CartsContext context_;
};

}  // namespace mercato::domain
