#include "server/domain/delivery/zone_index.h"

#include <algorithm>
#include <iterator>

#include "server/domain/delivery/zone_rules.h"

namespace mercato::domain {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

ZoneIndex::ZoneIndex(std::vector<v1::Zone> zones) {
  std::vector<Entry> boxes;
  for (auto& zone : zones) {
    if (!zone.active()) continue;
    auto const index = zones_.size();
    outlines_.push_back(zone.polygon_size() >= 3 ? ToOutline(zone.polygon()) : ZoneOutline());
    areas_.push_back(outlines_.back().outer().empty() ? 0.0 : bg::area(outlines_.back()));
    if (!outlines_.back().outer().empty()) boxes.emplace_back(bg::return_envelope<MapBox>(outlines_.back()), index);
    for (auto const& pattern : zone.postcodes()) {
      auto key = PostcodeKey(pattern);
      if (!key.empty() && key.back() == '*') {
        key.pop_back();
        longest_prefix_ = std::max(longest_prefix_, key.size());
        prefixes_.emplace(std::move(key), index);
      } else {
        exact_.emplace(std::move(key), index);
      }
    }
    zones_.push_back(std::move(zone));
  }
  tree_ = decltype(tree_)(boxes);  // bulk loading packs the tree better than inserts
}

v1::Zone const* ZoneIndex::Resolve(v1::Address const& address) const {
  if (address.has_location()) {
    if (auto const* zone = ByLocation(address.location())) return zone;
  }
  return address.postcode().empty() ? nullptr : ByPostcode(PostcodeKey(address.postcode()));
}

v1::Zone const* ZoneIndex::ByLocation(v1::GeoPoint const& location) const {
  MapPoint const point(location.longitude(), location.latitude());
  std::vector<Entry> candidates;
  tree_.query(bgi::covers(point), std::back_inserter(candidates));
  std::size_t best = zones_.size();
  for (auto const& [box, index] : candidates) {
    if (!bg::covered_by(point, outlines_[index])) continue;
    if (best == zones_.size() || areas_[index] < areas_[best] ||
        (areas_[index] == areas_[best] && zones_[index].id() < zones_[best].id())) {
      best = index;
    }
  }
  return best == zones_.size() ? nullptr : &zones_[best];
}

v1::Zone const* ZoneIndex::ByPostcode(std::string const& postcode) const {
  if (auto const exact = exact_.find(postcode); exact != exact_.end()) return &zones_[exact->second];
  for (auto length = std::min(postcode.size(), longest_prefix_); length > 0; --length) {
    if (auto const prefix = prefixes_.find(postcode.substr(0, length)); prefix != prefixes_.end()) {
      return &zones_[prefix->second];
    }
  }
  return nullptr;
}

}  // namespace mercato::domain
