#include "server/domain/orders/carts.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <utility>
#include <vector>

#include "server/domain/field_text.h"
#include "server/domain/identity/request_keys.h"
#include "server/domain/money.h"

namespace mercato::domain {
namespace {

using google::protobuf::util::TimeUtil;

// What every cart change names: the cart, the version it was read at, and the SKU of its line.
template <typename Request>
Status CheckChange(Request const& request) {
  if (auto valid = CheckReference("cart_id", request.cart_id()); !valid) return valid;
  if constexpr (requires { request.sku(); }) {
    if (auto valid = CheckReference("sku", request.sku()); !valid) return valid;
  }
  return RequireExpectedVersion(request.expected_version());
}

// The cart's line for `sku`, or the lines' end.
auto LineFor(v1::Cart& cart, std::string const& sku) {
  auto* lines = cart.mutable_lines();
  return std::find_if(lines->begin(), lines->end(), [&](v1::CartLine const& line) { return line.sku() == sku; });
}

Error NoLine(v1::Cart const& cart, std::string const& sku) {
  return {ErrorKind::kNotFound, "NOT_FOUND", "cart '" + cart.id() + "' has no line for SKU '" + Echo(sku) + "'",
          {{"resource", "cart_line/" + Echo(sku)}}};
}

}  // namespace

Result<v1::Cart> Carts::Create(v1::CreateCartRequest const& request, Principal const& caller) {
  auto const currency =
      request.currency_code().empty() ? context_.settings.default_currency_code : request.currency_code();
  if (!IsCurrencyCode(currency)) {
    return InvalidArgument("currency_code", "currency_code must be an ISO 4217 code such as GBP or EUR");
  }
  auto const now = TimeUtil::MicrosecondsToTimestamp(context_.clock.NowMicros());
  v1::Cart cart;
  cart.set_id(context_.ids.NewId());
  cart.set_user_id(caller.user_id);
  cart.set_currency_code(currency);
  cart.set_version(1);
  *cart.mutable_created_at() = now;
  *cart.mutable_updated_at() = now;
  return Priced(context_.carts.InsertCart(cart, CallerScopedKey("orders.CreateCart", request.request_id(), request, caller),
                                          context_.settings.limits.max_carts_per_user));
}

Result<v1::Cart> Carts::Get(std::string const& cart_id, Principal const& caller) {
  if (auto valid = CheckReference("cart_id", cart_id); !valid) return valid.error();
  auto found = context_.carts.FindCart(cart_id);
  if (!found) return found.error();
  if (!*found || (*found)->user_id() != caller.user_id) return NotFound("cart", cart_id);
  return Priced(**std::move(found));
}

Result<v1::Cart> Carts::AddLine(v1::AddCartLineRequest const& request, Principal const& caller) {
  if (auto valid = CheckChange(request); !valid) return valid.error();
  auto const& limits = context_.settings.limits;
  if (auto quantity = CheckLineQuantity(request.quantity(), limits, false); !quantity) return quantity.error();
  // The catalog is read before the cart is locked: the lock is held only for the change itself.
  auto product = context_.catalog.FindProductBySku(request.sku());
  if (!product) return product.error();
  auto const key = CallerScopedKey("orders.AddCartLine", request.request_id(), request, caller);
  return Priced(context_.carts.ChangeCart(
      request.cart_id(), caller.user_id, request.expected_version(), key, context_.clock.NowMicros(),
      [&](v1::Cart& cart) -> Status {
        auto const problem = ProblemOf(*product ? &**product : nullptr, request.sku(), cart.currency_code());
        if (problem != v1::CART_LINE_PROBLEM_UNSPECIFIED) return RefusedSku(request.sku(), problem, cart.currency_code());
        if (auto line = LineFor(cart, request.sku()); line != cart.mutable_lines()->end()) {
          auto const units = line->quantity() + request.quantity();
          if (auto quantity = CheckLineQuantity(units, limits, false); !quantity) return quantity;
          line->set_quantity(units);
          return Ok();
        }
        if (cart.lines_size() >= limits.max_lines) {
          return Error{ErrorKind::kResourceExhausted, "TOO_MANY_LINES",
                       "a cart holds at most " + std::to_string(limits.max_lines) + " lines; remove one first",
                       {}};
        }
        auto* line = cart.add_lines();
        line->set_sku(request.sku());
        line->set_quantity(request.quantity());
        return Ok();
      }));
}

Result<v1::Cart> Carts::UpdateLine(v1::UpdateCartLineRequest const& request, Principal const& caller) {
  if (auto valid = CheckChange(request); !valid) return valid.error();
  if (auto quantity = CheckLineQuantity(request.quantity(), context_.settings.limits, true); !quantity) {
    return quantity.error();
  }
  auto const key = CallerScopedKey("orders.UpdateCartLine", request.request_id(), request, caller);
  return Priced(context_.carts.ChangeCart(
      request.cart_id(), caller.user_id, request.expected_version(), key, context_.clock.NowMicros(),
      [&](v1::Cart& cart) -> Status {
        auto line = LineFor(cart, request.sku());
        if (line == cart.mutable_lines()->end()) return NoLine(cart, request.sku());
        if (request.quantity() > 0) {
          line->set_quantity(request.quantity());
        } else {
          cart.mutable_lines()->erase(line);
        }
        return Ok();
      }));
}

Result<v1::Cart> Carts::RemoveLine(v1::RemoveCartLineRequest const& request, Principal const& caller) {
  if (auto valid = CheckChange(request); !valid) return valid.error();
  auto const key = CallerScopedKey("orders.RemoveCartLine", request.request_id(), request, caller);
  return Priced(context_.carts.ChangeCart(
      request.cart_id(), caller.user_id, request.expected_version(), key, context_.clock.NowMicros(),
      [&](v1::Cart& cart) -> Status {
        auto line = LineFor(cart, request.sku());
        if (line == cart.mutable_lines()->end()) return NoLine(cart, request.sku());
        cart.mutable_lines()->erase(line);
        return Ok();
      }));
}

Result<v1::Cart> Carts::Clear(v1::ClearCartRequest const& request, Principal const& caller) {
  if (auto valid = CheckChange(request); !valid) return valid.error();
  auto const key = CallerScopedKey("orders.ClearCart", request.request_id(), request, caller);
  return Priced(context_.carts.ChangeCart(request.cart_id(), caller.user_id, request.expected_version(), key,
                                          context_.clock.NowMicros(), [](v1::Cart& cart) -> Status {
                                            cart.clear_lines();
                                            return Ok();
                                          }));
}

Result<v1::Cart> Carts::Priced(Result<v1::Cart> stored) {
  if (!stored) return stored.error();
  auto products = ProductsOf(*stored);
  if (!products) return products.error();
  PriceCart(*stored, *products);
  return stored;
}

Result<std::unordered_map<std::string, v1::Product>> Carts::ProductsOf(v1::Cart const& cart) {
  std::vector<std::string> skus;
  for (auto const& line : cart.lines()) skus.push_back(line.sku());
  std::unordered_map<std::string, v1::Product> by_sku;
  if (skus.empty()) return by_sku;
  auto products = context_.catalog.FindProductsBySkus(skus);
  if (!products) return products.error();
  for (auto& product : *products) {
    for (auto const& variant : product.variants()) by_sku[variant.sku()] = product;
  }
  return by_sku;
}

}  // namespace mercato::domain
