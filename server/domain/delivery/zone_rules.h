// The rules a delivery zone obeys: its name, postcode patterns, outline, money, time zone and
// slot template; and how postcodes are compared (case- and space-insensitively).
#pragma once

#include <google/protobuf/field_mask.pb.h>

#include <string>
#include <string_view>
#include <vector>

#include "mercato/v1/delivery.pb.h"
#include "server/domain/error.h"

namespace mercato::domain {

inline constexpr int kMaxZonePostcodes = 2000;
inline constexpr std::size_t kMaxPostcodeLength = 16;

// The form postcodes are compared in: ASCII letters upper-cased, spaces removed ("sw1a 1aa" ->
// "SW1A1AA"); a pattern keeps its trailing '*'.
std::string PostcodeKey(std::string_view postcode);

// Normalizes `zone` in place (name trimmed; postcodes upper-cased with single spaces; an empty
// time zone becomes "UTC") and checks every field a caller sets. Returns the postcode keys, for
// the store's one-zone-per-pattern table. INVALID_ARGUMENT naming the field otherwise.
Result<std::vector<std::string>> NormalizeZone(v1::Zone& zone);

// `current` with the fields `mask` names taken from `changes`: name, postcodes, polygon,
// delivery_fee, min_order, active, time_zone, slot_template.
Result<v1::Zone> ApplyZoneMask(v1::Zone current, v1::Zone const& changes, google::protobuf::FieldMask const& mask);

// Whether shoppers may hold and book the zone's slots: it is active and names the stock location
// that fulfils its orders (the contract: "Empty: the zone takes no orders"). The slot claims'
// SQL (sql_slot_claims.cc) asks the same of the stored zone.
inline bool TakesOrders(v1::Zone const& zone) { return zone.active() && !zone.stock_location_id().empty(); }

// NOT_FOUND ADDRESS_NOT_SERVED: no active zone serves the address.
Error AddressNotServed(v1::Address const& address);

}  // namespace mercato::domain
