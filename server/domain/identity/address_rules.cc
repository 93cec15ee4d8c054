// Address validation and partial updates.
#include "server/domain/identity/address_rules.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "server/domain/field_text.h"

namespace mercato::domain {
namespace {

// ISO 3166-1 alpha-2, officially assigned codes (249), sorted.
constexpr std::string_view kCountryCodes =
    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ "
    "CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO "
    "FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE "
    "JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO "
    "MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW "
    "PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM "
    "TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

constexpr std::size_t kMaxPostcode = 16;

std::string UpperAscii(std::string text) {
  for (char& c : text) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return text;
}

bool IsPostcode(std::string const& postcode) {
  auto const allowed = [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ' || c == '-';
  };
  auto const alnum = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); };
  return !postcode.empty() && postcode.size() <= kMaxPostcode &&
         std::all_of(postcode.begin(), postcode.end(), allowed) && std::any_of(postcode.begin(), postcode.end(), alnum);
}

void TrimAll(v1::UserAddress& saved) {
  saved.set_label(TrimText(saved.label()));
  auto& address = *saved.mutable_address();
  address.set_recipient_name(TrimText(address.recipient_name()));
  address.set_line1(TrimText(address.line1()));
  address.set_line2(TrimText(address.line2()));
  address.set_city(TrimText(address.city()));
  address.set_region(TrimText(address.region()));
  address.set_postcode(UpperAscii(TrimText(address.postcode())));
  address.set_country_code(UpperAscii(TrimText(address.country_code())));
  address.set_phone(TrimText(address.phone()));
}

}  // namespace

bool IsCountryCode(std::string_view code) {
  if (code.size() != 2) return false;
  for (std::size_t i = 0; i < kCountryCodes.size(); i += 3) {
    if (kCountryCodes.substr(i, 2) == code) return true;
  }
  return false;
}

Status NormalizeAddress(v1::UserAddress& saved) {
  TrimAll(saved);
  auto& address = *saved.mutable_address();
  std::string const prefix = "address.address.";
  struct AddressLine {
    char const* name;
    std::string& value;
    TextRule rule;
  };
  std::array<AddressLine, 5> const lines{{
      {"recipient_name", *address.mutable_recipient_name(), {100, true, false}},
      {"line1", *address.mutable_line1(), {200, true, false}},
      {"line2", *address.mutable_line2(), {200, false, false}},
      {"city", *address.mutable_city(), {100, true, false}},
      {"region", *address.mutable_region(), {100, false, false}},
  }};
  if (auto label = NormalizeText("address.label", *saved.mutable_label(), {50, false, false}); !label) return label;
  for (auto const& line : lines) {
    if (auto text = NormalizeText(prefix + line.name, line.value, line.rule); !text) return text;
  }
  if (!IsPostcode(address.postcode())) {
    return InvalidArgument(prefix + "postcode", prefix + "postcode is required: 1-16 letters, digits, spaces or "
                                                         "'-', as written locally (e.g. \"SW1A 1AA\", \"01001\")");
  }
  if (!IsCountryCode(address.country_code())) {
    return InvalidArgument(prefix + "country_code",
                           prefix + "country_code must be an ISO 3166-1 alpha-2 code such as \"GB\", got \"" +
                               Echo(address.country_code()) + "\"");
  }
  if (!address.phone().empty() && !IsE164Phone(address.phone())) {
    return InvalidArgument(prefix + "phone", prefix + "phone must be in E.164 form, e.g. \"+447700900123\"");
  }
  if (address.has_location()) {
    auto const& location = address.location();
    if (!std::isfinite(location.latitude()) || !std::isfinite(location.longitude()) ||
        std::abs(location.latitude()) > 90.0 || std::abs(location.longitude()) > 180.0) {
      return InvalidArgument(prefix + "location",
                             prefix + "location must have latitude -90..90 and longitude -180..180 degrees");
    }
  }
  return Ok();
}

Result<v1::UserAddress> ApplyAddressMask(v1::UserAddress current, v1::UserAddress const& changes,
                                         google::protobuf::FieldMask const& mask) {
  if (mask.paths().empty()) return InvalidArgument("update_mask", "update_mask must name at least one field to change");
  auto& target = *current.mutable_address();
  auto const& source = changes.address();
  for (auto const& path : mask.paths()) {
    if (path == "label") {
      current.set_label(changes.label());
    } else if (path == "is_default") {
      current.set_is_default(changes.is_default());
    } else if (path == "address") {
      target = source;
    } else if (path == "address.recipient_name") {
      target.set_recipient_name(source.recipient_name());
    } else if (path == "address.line1") {
      target.set_line1(source.line1());
    } else if (path == "address.line2") {
      target.set_line2(source.line2());
    } else if (path == "address.city") {
      target.set_city(source.city());
    } else if (path == "address.region") {
      target.set_region(source.region());
    } else if (path == "address.postcode") {
      target.set_postcode(source.postcode());
    } else if (path == "address.country_code") {
      target.set_country_code(source.country_code());
    } else if (path == "address.phone") {
      target.set_phone(source.phone());
    } else if (path == "address.location") {
      if (source.has_location()) {
        *target.mutable_location() = source.location();
      } else {
        target.clear_location();
      }
    } else {
      return InvalidArgument("update_mask", "\"" + path +
                                                "\" cannot be updated; allowed: label, is_default, address, "
                                                "address.<field>");
    }
  }
  return current;
}

}  // namespace mercato::domain
