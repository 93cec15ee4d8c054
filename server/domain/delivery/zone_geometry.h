// Zone outlines as Boost.Geometry polygons: the conversion from the contract's GeoPoints and the
// checks an outline must pass. Coordinates are planar (x = longitude, y = latitude in degrees),
// which is exact enough for city-sized zones; an outline may not cross the antimeridian.
#pragma once

#include <boost/geometry.hpp>
#include <boost/geometry/geometries/point_xy.hpp>
#include <boost/geometry/geometries/polygon.hpp>
#include <google/protobuf/repeated_field.h>

#include <string>

#include "mercato/v1/common.pb.h"
#include "server/domain/error.h"

namespace mercato::domain {

using MapPoint = boost::geometry::model::d2::point_xy<double>;
using ZoneOutline = boost::geometry::model::polygon<MapPoint>;
using MapBox = boost::geometry::model::box<MapPoint>;

inline constexpr int kMaxOutlinePoints = 10000;

// The polygon of `points` (closed implicitly), corrected to Boost's orientation.
ZoneOutline ToOutline(google::protobuf::RepeatedPtrField<v1::GeoPoint> const& points);

// latitude within -90..90 and longitude within -180..180, finite. INVALID_ARGUMENT naming `field`.
Status CheckGeoPoint(std::string const& field, v1::GeoPoint const& point);

// 3 to kMaxOutlinePoints valid points forming a simple polygon (no self-intersection, spike or
// repeated ring) with an area. INVALID_ARGUMENT naming `field` and Boost's reason otherwise.
Status CheckOutline(std::string const& field, google::protobuf::RepeatedPtrField<v1::GeoPoint> const& points);

}  // namespace mercato::domain
