#include "server/domain/delivery/zone_geometry.h"

#include <algorithm>
#include <cmath>
#include <regex>

namespace mercato::domain {

namespace bg = boost::geometry;

ZoneOutline ToOutline(google::protobuf::RepeatedPtrField<v1::GeoPoint> const& points) {
  ZoneOutline outline;
  for (auto const& point : points) bg::append(outline.outer(), MapPoint(point.longitude(), point.latitude()));
  if (!points.empty()) {
    auto const& first = points.Get(0);
    auto const& last = points.Get(points.size() - 1);
    if (first.latitude() != last.latitude() || first.longitude() != last.longitude()) {
      bg::append(outline.outer(), MapPoint(first.longitude(), first.latitude()));
    }
  }
  bg::correct(outline);
  return outline;
}

namespace {

// Boost.Geometry's validity failure in the contract's terms: latitude before longitude (its points
// are (longitude, latitude)), and none of its debugging detail. `reason` is its text, which alone
// carries where a crossing is.
std::string WhyNotSimple(ZoneOutline const& outline, std::string const& reason) {
  bg::validity_failure_type failure = bg::no_failure;
  bg::is_valid(outline, failure);
  switch (failure) {
    case bg::failure_self_intersections: {
      static std::regex const kAt(R"(found at \(([-+0-9.e]+), ([-+0-9.e]+)\))");
      std::smatch at;
      if (!std::regex_search(reason, at, kAt)) return "crosses itself";
      return "crosses itself near latitude " + at[2].str() + ", longitude " + at[1].str();
    }
    case bg::failure_wrong_orientation:  // what a crossing that cancels its own area (a bow tie) gives
      return "crosses itself: its points do not go round the area in one direction";
    case bg::failure_spikes: return "doubles back on itself (a spike)";
    case bg::failure_few_points:
    case bg::failure_wrong_topological_dimension: return "has fewer than 3 distinct corners";
    default: return "is not a simple polygon (" + reason + ")";
  }
}

}  // namespace

Status CheckGeoPoint(std::string const& field, v1::GeoPoint const& point) {
  if (!std::isfinite(point.latitude()) || point.latitude() < -90 || point.latitude() > 90) {
    return InvalidArgument(field + ".latitude", field + ".latitude must be between -90 and 90 degrees");
  }
  if (!std::isfinite(point.longitude()) || point.longitude() < -180 || point.longitude() > 180) {
    return InvalidArgument(field + ".longitude", field + ".longitude must be between -180 and 180 degrees");
  }
  return Ok();
}

Status CheckOutline(std::string const& field, google::protobuf::RepeatedPtrField<v1::GeoPoint> const& points) {
  if (points.size() < 3) {
    return InvalidArgument(field, field + " needs at least 3 points (it has " + std::to_string(points.size()) +
                                      "); send none to serve by postcode only");
  }
  if (points.size() > kMaxOutlinePoints) {
    return InvalidArgument(field, field + " has more than " + std::to_string(kMaxOutlinePoints) + " points; simplify it");
  }
  for (int i = 0; i < points.size(); ++i) {
    if (auto valid = CheckGeoPoint(field + "[" + std::to_string(i) + "]", points.Get(i)); !valid) return valid;
  }
  auto const [west, east] = std::minmax_element(points.begin(), points.end(), [](auto const& a, auto const& b) {
    return a.longitude() < b.longitude();
  });
  if (east->longitude() - west->longitude() > 180) {
    return InvalidArgument(field, field + " spans more than 180 degrees of longitude (it would cross the antimeridian); "
                                          "split it into one zone each side");
  }
  auto const outline = ToOutline(points);
  if (std::string reason; !bg::is_valid(outline, reason)) {
    return InvalidArgument(field, field + " " + WhyNotSimple(outline, reason) +
                                      "; list the corners in order around the area, each once");
  }
  if (!(bg::area(outline) > 0)) return InvalidArgument(field, field + " encloses no area");
  return Ok();
}

}  // namespace mercato::domain
