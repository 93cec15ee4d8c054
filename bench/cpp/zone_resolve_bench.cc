// ResolveZone's lookup over many outline zones, side by side in one run: the ZoneIndex mercatod
// answers from (an R-tree of the outlines' bounding boxes, then the exact test on the few whose box
// holds the point) against a linear scan that tests every outline with the same Boost.Geometry
// predicate and keeps the same winner (the smallest covering area). The zones are 16-sided
// outlines of 0.5..2 km scattered over a 100 km square, overlapping; each lookup is a random point
// of that square. Prints ns per lookup and the ratio; checks both agree on every point.
//
//   zone_resolve_bench [zones=10000] [lookups=20000]
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "server/domain/delivery/zone_geometry.h"
#include "server/domain/delivery/zone_index.h"

namespace {

using Clock = std::chrono::steady_clock;
namespace bg = boost::geometry;

constexpr double kPi = 3.14159265358979323846;
constexpr double kSouth = 51.0, kWest = -1.0, kSpan = 0.9;  // degrees: about 100 km

std::vector<mercato::v1::Zone> ScatteredZones(int count, std::mt19937_64& random) {
  std::uniform_real_distribution<double> where(0.0, kSpan);
  std::uniform_real_distribution<double> radius(0.0045, 0.018);  // 0.5..2 km of latitude
  std::vector<mercato::v1::Zone> zones;
  for (int i = 0; i < count; ++i) {
    mercato::v1::Zone zone;
    char id[16];
    std::snprintf(id, sizeof id, "zone-%06d", i);
    zone.set_id(id);
    zone.set_active(true);
    double const lat = kSouth + where(random), lon = kWest + where(random), r = radius(random);
    for (int corner = 0; corner < 16; ++corner) {
      auto* point = zone.add_polygon();
      point->set_latitude(lat + r * std::sin(2 * kPi * corner / 16));
      point->set_longitude(lon + r * 1.6 * std::cos(2 * kPi * corner / 16));
    }
    zones.push_back(std::move(zone));
  }
  return zones;
}

// The peer: every outline tested, the smallest covering area kept (the index's rule, zone_index.h).
struct LinearScan {
  explicit LinearScan(std::vector<mercato::v1::Zone> const& zones) {
    for (auto const& zone : zones) {
      outlines.push_back(mercato::domain::ToOutline(zone.polygon()));
      areas.push_back(bg::area(outlines.back()));
      ids.push_back(zone.id());
    }
  }
  std::string const* Resolve(double latitude, double longitude) const {
    mercato::domain::MapPoint const point(longitude, latitude);
    std::size_t best = outlines.size();
    for (std::size_t i = 0; i < outlines.size(); ++i) {
      if (bg::covered_by(point, outlines[i]) && (best == outlines.size() || areas[i] < areas[best])) best = i;
    }
    return best == outlines.size() ? nullptr : &ids[best];
  }
  std::vector<mercato::domain::ZoneOutline> outlines;
  std::vector<double> areas;
  std::vector<std::string> ids;
};

}  // namespace

int main(int argc, char** argv) {
  int const zone_count = argc > 1 ? std::atoi(argv[1]) : 10000;
  int const lookups = argc > 2 ? std::atoi(argv[2]) : 20000;
  if (zone_count < 1 || lookups < 1) {
    std::fprintf(stderr, "usage: %s [zones=10000] [lookups=20000]\n", argv[0]);
    return 2;
  }
  std::mt19937_64 random(42);
  auto zones = ScatteredZones(zone_count, random);
  LinearScan const linear(zones);
  mercato::domain::ZoneIndex const index(zones);
  std::uniform_real_distribution<double> where(0.0, kSpan);
  std::vector<mercato::v1::Address> addresses(static_cast<std::size_t>(lookups));
  for (auto& address : addresses) {
    address.mutable_location()->set_latitude(kSouth + where(random));
    address.mutable_location()->set_longitude(kWest + where(random));
  }

  int served = 0;
  auto const index_start = Clock::now();
  std::vector<mercato::v1::Zone const*> by_index;
  by_index.reserve(addresses.size());
  for (auto const& address : addresses) by_index.push_back(index.Resolve(address));
  auto const index_ns = std::chrono::duration<double, std::nano>(Clock::now() - index_start).count() / lookups;

  auto const linear_start = Clock::now();
  std::vector<std::string const*> by_scan;
  by_scan.reserve(addresses.size());
  for (auto const& address : addresses) {
    by_scan.push_back(linear.Resolve(address.location().latitude(), address.location().longitude()));
  }
  auto const linear_ns = std::chrono::duration<double, std::nano>(Clock::now() - linear_start).count() / lookups;

  for (std::size_t i = 0; i < addresses.size(); ++i) {
    bool const same = (by_index[i] == nullptr && by_scan[i] == nullptr) ||
                      (by_index[i] != nullptr && by_scan[i] != nullptr && by_index[i]->id() == *by_scan[i]);
    if (!same) {
      std::fprintf(stderr, "the index and the scan disagree on lookup %zu\n", i);
      return 1;
    }
    if (by_index[i] != nullptr) ++served;
  }
  std::printf("zones=%d lookups=%d served=%d index_ns=%.0f linear_scan_ns=%.0f index_speedup=%.1fx\n", zone_count,
              lookups, served, index_ns, linear_ns, linear_ns / index_ns);
  return 0;
}
