// The rules inventory requests must satisfy, and the arithmetic of one movement on a stock item.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "mercato/v1/inventory.pb.h"
#include "server/domain/error.h"

namespace mercato::domain {

inline constexpr int kMaxReservationLines = 100;
inline constexpr std::int64_t kMaxLineQuantity = 1'000'000;

// "<sku>@<location_id>": how errors and logs name one stock item.
std::string StockName(std::string const& sku, std::string const& location_id);

// The stock keys of a reservation's lines, in line order.
std::vector<v1::StockKey> LineKeys(v1::Reservation const& reservation);

// sku and location_id present, at most 64 characters, no whitespace or control characters.
// `field` prefixes the field names in errors (e.g. "lines[2].").
Status CheckStockKey(std::string const& sku, std::string const& location_id, std::string const& field);

// Kind RECEIPT (delta > 0) or ADJUSTMENT (delta != 0, with a reason), a valid key and a
// non-negative expected_version.
Status CheckAdjustment(v1::AdjustStockRequest const& request);

// 1 to kMaxReservationLines lines with valid keys, each key once, quantities 1..kMaxLineQuantity.
Status CheckReservationLines(google::protobuf::RepeatedPtrField<v1::ReservationLine> const& lines);

// The hold a request asks for: `default_ttl` when unset, else between 1 s and `max_ttl`.
Result<std::chrono::microseconds> HoldFor(google::protobuf::Duration const& ttl, bool has_ttl,
                                          std::chrono::microseconds default_ttl, std::chrono::microseconds max_ttl);

// Applies `kind` with `quantity` units to `item` (available included). Breaking 0 <= reserved <=
// on_hand is FAILED_PRECONDITION INSUFFICIENT_STOCK naming the item and what is available.
Status ApplyMovement(v1::StockItem& item, v1::MovementKind kind, std::int64_t quantity);

// FAILED_PRECONDITION OUT_OF_STOCK with one metadata entry per short item: "<sku>@<location>" ->
// units available.
Error OutOfStock(std::vector<v1::StockItem> const& short_items);

}  // namespace mercato::domain
