#include "server/domain/inventory/inventory_rules.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <set>
#include <utility>

#include "server/domain/field_text.h"

namespace mercato::domain {
namespace {

constexpr std::size_t kMaxKeyLength = 64;
constexpr std::size_t kMaxReasonLength = 500;

Status CheckKeyPart(std::string const& value, std::string const& field) {
  if (value.empty()) return InvalidArgument(field, field + " is required");
  if (value.size() > kMaxKeyLength) {
    return InvalidArgument(field, field + " is longer than " + std::to_string(kMaxKeyLength) + " characters");
  }
  // The catalog's SKU alphabet, so that a stock key can always match a catalog SKU and no two keys
  // differ only by an invisible or look-alike character.
  if (!std::all_of(value.begin(), value.end(), IsSkuChar)) {
    return InvalidArgument(field, field + " must be letters, digits, '-', '_' or '.' (got \"" + Echo(value) + "\")");
  }
  return Ok();
}

}  // namespace

std::string StockName(std::string const& sku, std::string const& location_id) { return sku + "@" + location_id; }

std::vector<v1::StockKey> LineKeys(v1::Reservation const& reservation) {
  std::vector<v1::StockKey> keys;
  for (auto const& line : reservation.lines()) {
    v1::StockKey key;
    key.set_sku(line.sku());
    key.set_location_id(line.location_id());
    keys.push_back(std::move(key));
  }
  return keys;
}

Status CheckStockKey(std::string const& sku, std::string const& location_id, std::string const& field) {
  if (auto checked = CheckKeyPart(sku, field + "sku"); !checked) return checked;
  return CheckKeyPart(location_id, field + "location_id");
}

Status CheckAdjustment(v1::AdjustStockRequest const& request) {
  if (auto key = CheckStockKey(request.sku(), request.location_id(), ""); !key) return key;
  if (request.expected_version() < 0) {
    return InvalidArgument("expected_version", "expected_version must not be negative (0: the item has no record)");
  }
  if (request.reason().size() > kMaxReasonLength) {
    return InvalidArgument("reason", "reason is longer than " + std::to_string(kMaxReasonLength) + " characters");
  }
  switch (request.kind()) {
    case v1::MOVEMENT_KIND_RECEIPT:
      if (request.delta() <= 0) return InvalidArgument("delta", "a RECEIPT adds stock: delta must be positive");
      break;
    case v1::MOVEMENT_KIND_ADJUSTMENT:
      if (request.delta() == 0) return InvalidArgument("delta", "an ADJUSTMENT must change on_hand: delta is 0");
      if (TrimText(request.reason()).empty()) {
        return InvalidArgument("reason", "an ADJUSTMENT needs a reason (stock count, damaged, ...)");
      }
      break;
    default:
      return InvalidArgument("kind", "kind must be MOVEMENT_KIND_RECEIPT or MOVEMENT_KIND_ADJUSTMENT; reservations "
                                     "move stock through Reserve, Commit and Release");
  }
  if (request.delta() > kMaxLineQuantity || request.delta() < -kMaxLineQuantity) {
    return InvalidArgument("delta", "delta is beyond +/-" + std::to_string(kMaxLineQuantity) + " units");
  }
  return Ok();
}

Status CheckReservationLines(google::protobuf::RepeatedPtrField<v1::ReservationLine> const& lines) {
  if (lines.empty()) return InvalidArgument("lines", "a reservation needs at least one line");
  if (lines.size() > kMaxReservationLines) {
    return InvalidArgument("lines", "a reservation holds at most " + std::to_string(kMaxReservationLines) + " lines");
  }
  std::set<std::pair<std::string, std::string>> seen;
  for (int i = 0; i < lines.size(); ++i) {
    auto const& line = lines.Get(i);
    std::string const field = "lines[" + std::to_string(i) + "].";
    if (auto key = CheckStockKey(line.sku(), line.location_id(), field); !key) return key;
    if (line.quantity() < 1 || line.quantity() > kMaxLineQuantity) {
      return InvalidArgument(field + "quantity",
                             field + "quantity must be between 1 and " + std::to_string(kMaxLineQuantity));
    }
    if (!seen.emplace(line.sku(), line.location_id()).second) {
      return InvalidArgument(field + "sku", StockName(line.sku(), line.location_id()) +
                                                " appears twice: put its whole quantity on one line");
    }
  }
  return Ok();
}

Result<std::chrono::microseconds> HoldFor(google::protobuf::Duration const& ttl, bool has_ttl,
                                          std::chrono::microseconds default_ttl, std::chrono::microseconds max_ttl) {
  if (!has_ttl) return default_ttl;
  std::chrono::microseconds const hold{google::protobuf::util::TimeUtil::DurationToMicroseconds(ttl)};
  if (hold < std::chrono::seconds(1) || hold > max_ttl) {
    return InvalidArgument("ttl", "ttl must be between 1 s and " +
                                      std::to_string(std::chrono::duration_cast<std::chrono::hours>(max_ttl).count()) +
                                      " h");
  }
  return hold;
}

Status ApplyMovement(v1::StockItem& item, v1::MovementKind kind, std::int64_t quantity) {
  std::int64_t on_hand = item.on_hand();
  std::int64_t reserved = item.reserved();
  switch (kind) {
    case v1::MOVEMENT_KIND_RECEIPT:
    case v1::MOVEMENT_KIND_ADJUSTMENT: on_hand += quantity; break;
    case v1::MOVEMENT_KIND_RESERVATION: reserved += quantity; break;
    case v1::MOVEMENT_KIND_RELEASE: reserved -= quantity; break;
    case v1::MOVEMENT_KIND_COMMIT:
      on_hand -= quantity;
      reserved -= quantity;
      break;
    default: return Internal("unknown movement kind " + std::to_string(kind));
  }
  if (reserved < 0 || on_hand < reserved) {
    return Error{ErrorKind::kFailedPrecondition,
            "INSUFFICIENT_STOCK",
            StockName(item.sku(), item.location_id()) + " has " + std::to_string(item.on_hand()) + " on hand and " +
                std::to_string(item.reserved()) + " reserved: this change would leave on_hand below reserved",
            {{StockName(item.sku(), item.location_id()), std::to_string(item.available())}}};
  }
  item.set_on_hand(on_hand);
  item.set_reserved(reserved);
  item.set_available(on_hand - reserved);
  return Ok();
}

Error OutOfStock(std::vector<v1::StockItem> const& short_items) {
  Error error{ErrorKind::kFailedPrecondition, "OUT_OF_STOCK", "not enough stock for", {}};
  for (auto const& item : short_items) {
    std::string const name = StockName(item.sku(), item.location_id());
    error.message += " " + name + " (" + std::to_string(item.available()) + " available)";
    error.metadata[name] = std::to_string(item.available());
  }
  error.message += "; nothing was reserved: lower the quantities or drop those lines and retry";
  return error;
}

}  // namespace mercato::domain
