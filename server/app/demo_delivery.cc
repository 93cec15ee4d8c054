#include "server/app/demo_delivery.h"

#include <string>
#include <utility>
#include <vector>

#include "server/app/demo_catalog.h"

namespace mercato::server {
namespace {

struct DemoWindow {
  int start_hour;
  int end_hour;
};

struct DemoZone {
  char const* name;
  std::vector<char const*> postcodes;
  std::vector<std::pair<double, double>> outline;  // latitude, longitude
  std::int64_t fee_minor;
  std::int64_t min_order_minor;
  std::vector<DemoWindow> windows;
  int capacity;
  int cutoff_hours;
};

v1::Zone ZoneOf(DemoZone const& demo) {
  v1::Zone zone;
  zone.set_name(demo.name);
  for (auto const* postcode : demo.postcodes) zone.add_postcodes(postcode);
  for (auto [latitude, longitude] : demo.outline) {
    auto* point = zone.add_polygon();
    point->set_latitude(latitude);
    point->set_longitude(longitude);
  }
  zone.mutable_delivery_fee()->set_amount_minor(demo.fee_minor);
  zone.mutable_delivery_fee()->set_currency_code("GBP");
  zone.mutable_min_order()->set_amount_minor(demo.min_order_minor);
  zone.mutable_min_order()->set_currency_code("GBP");
  zone.set_active(true);
  zone.set_time_zone("Europe/London");
  zone.set_stock_location_id(kDemoLocation);  // where the demo catalog's stock is
  auto& slot_template = *zone.mutable_slot_template();
  for (auto const& demo_window : demo.windows) {
    auto* window = slot_template.add_windows();
    for (int day = v1::DAY_OF_WEEK_MONDAY; day <= v1::DAY_OF_WEEK_SUNDAY; ++day) window->add_days(static_cast<v1::DayOfWeek>(day));
    window->set_start_minute(demo_window.start_hour * 60);
    window->set_end_minute(demo_window.end_hour * 60);
  }
  slot_template.set_capacity(demo.capacity);
  slot_template.mutable_order_cutoff()->set_seconds(demo.cutoff_hours * 3600LL);
  slot_template.mutable_lead_time()->set_seconds(3600);
  return zone;
}

}  // namespace

domain::Result<int> CreateDemoZones(domain::Zones& zones, domain::Slots& slots, std::chrono::hours horizon) {
  // Patterns are character prefixes, so SW1 and W1 are named by their lettered sectors (SW1*
  // would take SW10 to SW19 too), and North London by N and NW with a digit (N* would take NE,
  // Newcastle).
  std::vector<DemoZone> const demo = {
      {"Central London",
       {"SW1A*", "SW1E*", "SW1H*", "SW1P*", "SW1V*", "SW1W*", "SW1X*", "SW1Y*", "W1A*",  "W1B*",  "W1C*",
        "W1D*",  "W1F*",  "W1G*",  "W1H*",  "W1J*",  "W1K*",  "W1S*",  "W1T*",  "W1U*",  "W1W*",  "WC1*",
        "WC2*",  "EC1*",  "EC2*",  "EC3*",  "EC4*"},
       {{51.485, -0.200}, {51.530, -0.200}, {51.530, -0.070}, {51.485, -0.070}},
       399, 2500, {{8, 10}, {10, 12}, {12, 14}, {14, 16}, {16, 18}, {18, 20}, {20, 22}}, 12, 2},
      {"North London",
       {"N1*", "N2*", "N3*", "N4*", "N5*", "N6*", "N7*", "N8*", "N9*", "NW1*", "NW2*", "NW3*", "NW4*", "NW5*",
        "NW6*", "NW7*", "NW8*", "NW9*"},
       {{51.530, -0.250}, {51.650, -0.250}, {51.650, 0.000}, {51.530, 0.000}},
       499, 3000, {{9, 11}, {13, 15}, {18, 20}}, 8, 4},
      {"Docklands", {"E14*"}, {}, 299, 2000, {{7, 9}, {17, 19}, {19, 21}}, 6, 1},
  };
  domain::Principal seeder;
  seeder.user_id = "system:demo-seed";
  seeder.roles = {domain::Role::kStaff};
  int created = 0;
  for (auto const& zone_demo : demo) {
    v1::CreateZoneRequest request;
    // Named keys, as the catalog's seed has: of instances started together on one empty database,
    // which all find no zone, the later ones are answered the first one's zones instead of failing
    // on their postcodes.
    request.set_request_id(std::string("seed-zone-") + zone_demo.name);
    *request.mutable_zone() = ZoneOf(zone_demo);
    auto zone = zones.Create(request, seeder);
    if (!zone) return zone.error();
    auto made = slots.ExtendFromTemplate(*zone, horizon, std::nullopt);
    if (!made) return made.error();
    created += made->slots_size();
  }
  return created;
}

domain::Result<int> SeedDemoDelivery(domain::Zones& zones, domain::Slots& slots, std::chrono::hours horizon) {
  v1::ListZonesRequest any;
  any.set_page_size(1);
  auto existing = zones.List(any);
  if (!existing) return existing.error();
  if (existing->zones_size() > 0) return 0;
  return CreateDemoZones(zones, slots, horizon);
}

}  // namespace mercato::server
