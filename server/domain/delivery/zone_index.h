// Which active zone serves an address, answered from memory: an R-tree over the zones' outline
// bounding boxes (Boost.Geometry, R*-tree) and hash maps of exact postcodes and prefixes.
//
// The rule for overlaps (the contract's ResolveZone):
//   1. An address with a location is served by the zones whose outline covers it (the boundary
//      counts as inside); of several, the smallest area wins (the more specific zone), then the
//      lowest id (the older zone).
//   2. Otherwise, or when no outline covers it, by postcode: an exact pattern first, then the
//      longest prefix pattern ("SW1A*" before "SW1*"). A pattern belongs to one zone only.
#pragma once

#include <boost/geometry/index/rtree.hpp>

#include <cstddef>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "mercato/v1/delivery.pb.h"
#include "server/domain/delivery/zone_geometry.h"

namespace mercato::domain {

class ZoneIndex {
 public:
  // Indexes the active ones of `zones`.
  explicit ZoneIndex(std::vector<v1::Zone> zones);

  // The serving zone, or nullptr when none serves the address.
  v1::Zone const* Resolve(v1::Address const& address) const;
  std::size_t size() const { return zones_.size(); }

 private:
  using Entry = std::pair<MapBox, std::size_t>;  // bounding box, index into zones_

  v1::Zone const* ByLocation(v1::GeoPoint const& location) const;
  v1::Zone const* ByPostcode(std::string const& postcode) const;

  std::vector<v1::Zone> zones_;
  std::vector<ZoneOutline> outlines_;  // per zone; empty when it has none
  std::vector<double> areas_;
  boost::geometry::index::rtree<Entry, boost::geometry::index::rstar<16>> tree_;
  std::unordered_map<std::string, std::size_t> exact_;     // postcode key -> zone
  std::unordered_map<std::string, std::size_t> prefixes_;  // prefix without '*' -> zone
  std::size_t longest_prefix_ = 0;
};

}  // namespace mercato::domain
