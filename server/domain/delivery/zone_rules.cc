#include "server/domain/delivery/zone_rules.h"

#include <absl/time/time.h>
#include <google/protobuf/util/field_mask_util.h>

#include <algorithm>
#include <set>

#include "server/domain/delivery/slot_rules.h"
#include "server/domain/delivery/zone_geometry.h"
#include "server/domain/field_text.h"
#include "server/domain/money.h"

namespace mercato::domain {
namespace {

constexpr TextRule kZoneName{100, true, false};
constexpr std::size_t kMaxTimeZoneLength = 64;

bool IsPostcodeChar(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ' || c == '-'; }

// "sw1a   1aa " -> "SW1A 1AA"; "" when the text holds nothing but spaces.
std::string DisplayPostcode(std::string_view text) {
  std::string out;
  for (char c : TrimText(text)) {
    char const upper = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    if (upper == ' ' && !out.empty() && out.back() == ' ') continue;
    out += upper;
  }
  return out;
}

Result<std::vector<std::string>> NormalizePostcodes(v1::Zone& zone) {
  if (zone.postcodes_size() > kMaxZonePostcodes) {
    return InvalidArgument("zone.postcodes", "zone.postcodes has more than " + std::to_string(kMaxZonePostcodes) +
                                                 " patterns; use prefix patterns such as \"SW1*\"");
  }
  std::vector<std::string> keys;
  std::set<std::string> seen;
  for (int i = 0; i < zone.postcodes_size(); ++i) {
    std::string const field = "zone.postcodes[" + std::to_string(i) + "]";
    auto display = DisplayPostcode(zone.postcodes(i));
    bool const prefix = !display.empty() && display.back() == '*';
    std::string const body = prefix ? display.substr(0, display.size() - 1) : display;
    auto const key = PostcodeKey(display);
    if (key.empty() || key == "*" || body.size() > kMaxPostcodeLength ||
        !std::all_of(body.begin(), body.end(), IsPostcodeChar)) {
      return InvalidArgument(field, field + " must be a postcode (\"SW1A 1AA\") or a prefix ending in '*' (\"SW1*\"): "
                                        "letters, digits, spaces and '-', at most " +
                                        std::to_string(kMaxPostcodeLength) + " characters");
    }
    if (!seen.insert(key).second) {
      return InvalidArgument(field, field + " repeats \"" + Echo(display) + "\" (postcodes compare without case or spaces)");
    }
    zone.set_postcodes(i, display);
    keys.push_back(key);
  }
  return keys;
}

Status CheckZoneMoney(std::string const& field, v1::Money const& money, bool required) {
  if (money.currency_code().empty() && money.amount_minor() == 0 && !required) return Ok();
  if (auto valid = CheckMoney(field, money); !valid) return valid;
  if (money.amount_minor() < 0) return InvalidArgument(field + ".amount_minor", field + " may not be negative");
  return Ok();
}

Status CheckTimeZone(v1::Zone& zone) {
  if (zone.time_zone().empty()) zone.set_time_zone("UTC");
  absl::TimeZone tz;
  if (zone.time_zone().size() > kMaxTimeZoneLength || !absl::LoadTimeZone(zone.time_zone(), &tz)) {
    return InvalidArgument("zone.time_zone", "zone.time_zone \"" + Echo(zone.time_zone()) +
                                                 "\" is not an IANA time zone such as \"Europe/London\"");
  }
  return Ok();
}

}  // namespace

std::string PostcodeKey(std::string_view postcode) {
  std::string key;
  for (char c : postcode) {
    if (c == ' ') continue;
    key += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  return key;
}

Result<std::vector<std::string>> NormalizeZone(v1::Zone& zone) {
  if (auto valid = NormalizeText("zone.name", *zone.mutable_name(), kZoneName); !valid) return valid.error();
  auto keys = NormalizePostcodes(zone);
  if (!keys) return keys.error();
  if (zone.polygon_size() > 0) {
    if (auto valid = CheckOutline("zone.polygon", zone.polygon()); !valid) return valid.error();
  }
  if (zone.postcodes_size() == 0 && zone.polygon_size() == 0) {
    return InvalidArgument("zone.postcodes", "a zone needs postcodes or a polygon to serve anything");
  }
  if (auto valid = CheckZoneMoney("zone.delivery_fee", zone.delivery_fee(), true); !valid) return valid.error();
  if (auto valid = CheckZoneMoney("zone.min_order", zone.min_order(), false); !valid) return valid.error();
  if (zone.has_min_order() && !zone.min_order().currency_code().empty() &&
      zone.min_order().currency_code() != zone.delivery_fee().currency_code()) {
    return InvalidArgument("zone.min_order.currency_code", "zone.min_order must be in the delivery fee's currency (" +
                                                               zone.delivery_fee().currency_code() + ")");
  }
  if (auto valid = CheckTimeZone(zone); !valid) return valid.error();
  if (auto valid = CheckReference("zone.stock_location_id", zone.stock_location_id(), false); !valid) {
    return valid.error();
  }
  if (zone.has_slot_template()) {
    if (auto valid = CheckSlotTemplate("zone.slot_template", zone.slot_template()); !valid) return valid.error();
  }
  return keys;
}

Result<v1::Zone> ApplyZoneMask(v1::Zone current, v1::Zone const& changes, google::protobuf::FieldMask const& mask) {
  static std::set<std::string> const kPaths = {"name",      "postcodes", "polygon",       "delivery_fee",
                                               "min_order", "active",    "time_zone",     "slot_template",
                                               "stock_location_id"};
  if (mask.paths().empty()) return InvalidArgument("update_mask", "update_mask must name at least one field to change");
  for (auto const& path : mask.paths()) {
    if (!kPaths.contains(path)) {
      return InvalidArgument("update_mask", "update_mask path \"" + Echo(path) +
                                                "\" cannot be changed; use name, postcodes, polygon, delivery_fee, "
                                                "min_order, active, time_zone, slot_template or stock_location_id");
    }
  }
  google::protobuf::util::FieldMaskUtil::MergeOptions options;
  options.set_replace_message_fields(true);
  options.set_replace_repeated_fields(true);
  google::protobuf::util::FieldMaskUtil::MergeMessageTo(changes, mask, options, &current);
  return current;
}

Error AddressNotServed(v1::Address const& address) {
  std::string where = address.postcode().empty() ? "" : "postcode \"" + Echo(address.postcode()) + "\"";
  if (address.has_location()) {
    where += (where.empty() ? "" : " / ") + std::string("location ") + std::to_string(address.location().latitude()) +
             "," + std::to_string(address.location().longitude());
  }
  return {ErrorKind::kNotFound,
          "ADDRESS_NOT_SERVED",
          "no active delivery zone serves " + (where.empty() ? std::string("an address without postcode or location") : where),
          {{"postcode", Echo(address.postcode())}}};
}

}  // namespace mercato::domain
