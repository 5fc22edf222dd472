#include "engines/accessibility/geo.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace linli::accessibility {
namespace {

constexpr double kRadiansPerDegree = std::numbers::pi / 180.0;

}  // namespace

double HaversineMetres(LatLon a, LatLon b) {
  const double lat_a = a.lat * kRadiansPerDegree;
  const double lat_b = b.lat * kRadiansPerDegree;
  const double half_dlat = (lat_b - lat_a) / 2.0;
  const double half_dlon = (b.lon - a.lon) * kRadiansPerDegree / 2.0;
  const double sin_lat = std::sin(half_dlat);
  const double sin_lon = std::sin(half_dlon);
  const double h = sin_lat * sin_lat + std::cos(lat_a) * std::cos(lat_b) * sin_lon * sin_lon;
  return 2.0 * kEarthRadiusMetres * std::asin(std::min(1.0, std::sqrt(h)));
}

bool IsInChina(LatLon point) {
  // NaN fails every comparison, so it is rejected here too.
  return point.lat >= kMinLatitude && point.lat <= kMaxLatitude && point.lon >= kMinLongitude &&
         point.lon <= kMaxLongitude;
}

LocalProjection::LocalProjection(LatLon origin)
    : origin_(origin),
      metres_per_degree_lat_(kEarthRadiusMetres * kRadiansPerDegree),
      metres_per_degree_lon_(kEarthRadiusMetres * kRadiansPerDegree *
                             std::cos(origin.lat * kRadiansPerDegree)) {}

PlanePoint LocalProjection::Project(LatLon point) const {
  return {(point.lon - origin_.lon) * metres_per_degree_lon_,
          (point.lat - origin_.lat) * metres_per_degree_lat_};
}

double LocalProjection::LowerBoundFactor(double min_lat, double max_lat) const {
  const double reference = std::cos(origin_.lat * kRadiansPerDegree);
  const double smallest =
      std::min(std::cos(min_lat * kRadiansPerDegree), std::cos(max_lat * kRadiansPerDegree));
  // 1% margin for the plane-versus-sphere difference over a city and for rounding.
  return 0.99 * std::min(1.0, smallest / reference);
}

}  // namespace linli::accessibility
