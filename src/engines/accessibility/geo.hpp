// Geographic helpers of the accessibility engine: WGS-84 points, great-circle (haversine)
// distances, the bounds of China used to reject absurd coordinates, and a local metric
// projection (equirectangular around a reference latitude) used by the spatial grids.
// Thread-safety: plain values and pure functions.
#pragma once

#include <cstdint>

namespace linli::accessibility {

// Mean Earth radius (IUGG), metres.
inline constexpr double kEarthRadiusMetres = 6371008.8;

// Coordinates accepted by the engine: China lies within latitude 3..54 and longitude 73..136.
inline constexpr double kMinLatitude = 3.0;
inline constexpr double kMaxLatitude = 54.0;
inline constexpr double kMinLongitude = 73.0;
inline constexpr double kMaxLongitude = 136.0;

struct LatLon {
  double lat = 0.0;  // degrees north
  double lon = 0.0;  // degrees east
};

// Planar point of a LocalProjection, metres.
struct PlanePoint {
  double x = 0.0;
  double y = 0.0;
};

// Great-circle distance in metres.
double HaversineMetres(LatLon a, LatLon b);

// False for NaN, infinities and anything outside China's bounding box.
bool IsInChina(LatLon point);

// Equirectangular projection around a reference point: x = R·Δlon·cos(lat0), y = R·Δlat.
// Over a city (±0.5° of latitude) distances are off by well under 1%; the engine uses it
// only to find candidates and, scaled by LowerBoundFactor, for lower bounds.
class LocalProjection {
 public:
  LocalProjection() = default;
  explicit LocalProjection(LatLon origin);
  PlanePoint Project(LatLon point) const;
  LatLon origin() const { return origin_; }
  // A factor f such that f × planar distance ≤ great-circle distance for points whose
  // latitudes lie in [min_lat, max_lat] (east-west scale varies as cos(latitude)).
  double LowerBoundFactor(double min_lat, double max_lat) const;

 private:
  LatLon origin_;
  double metres_per_degree_lat_ = 0.0;
  double metres_per_degree_lon_ = 0.0;
};

}  // namespace linli::accessibility
