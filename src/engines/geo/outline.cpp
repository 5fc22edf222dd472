#include "engines/geo/outline.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace linli::geo {
namespace {

constexpr double kPi = 3.14159265358979323846;

// Even-odd crossing test of one ring.
bool InRing(const Ring& ring, double lat, double lon) {
  bool inside = false;
  const size_t n = ring.size();
  for (size_t i = 0, j = n - 1; i < n; j = i++) {
    const Point& a = ring[i];
    const Point& b = ring[j];
    if ((a.lat > lat) != (b.lat > lat)) {
      const double cross_lon = a.lon + (lat - a.lat) * (b.lon - a.lon) / (b.lat - a.lat);
      if (lon < cross_lon) inside = !inside;
    }
  }
  return inside;
}

// Shoelace area with longitude scaled by cos(the ring's mean latitude).
double RingArea(const Ring& ring) {
  double mean_lat = 0.0;
  for (const Point& point : ring) mean_lat += point.lat;
  mean_lat /= static_cast<double>(ring.size());
  const double scale = std::cos(mean_lat * kPi / 180);
  double sum = 0.0;
  const size_t n = ring.size();
  for (size_t i = 0, j = n - 1; i < n; j = i++) {
    sum += (ring[j].lon - ring[i].lon) * (ring[j].lat + ring[i].lat);
  }
  return std::abs(sum) / 2 * scale;
}

}  // namespace

Outline::Outline(std::vector<Polygon> polygons) : polygons_(std::move(polygons)) {
  box_ = {std::numeric_limits<double>::max(), std::numeric_limits<double>::max(),
          std::numeric_limits<double>::lowest(), std::numeric_limits<double>::lowest()};
  for (const auto& polygon : polygons_) {
    for (const Point& point : polygon.outer) {
      box_.min_lon = std::min(box_.min_lon, point.lon);
      box_.max_lon = std::max(box_.max_lon, point.lon);
      box_.min_lat = std::min(box_.min_lat, point.lat);
      box_.max_lat = std::max(box_.max_lat, point.lat);
    }
  }
  if (polygons_.empty()) box_ = {};
}

bool Outline::Contains(double lat, double lon) const {
  if (lat < box_.min_lat || lat > box_.max_lat || lon < box_.min_lon || lon > box_.max_lon) {
    return false;
  }
  for (const auto& polygon : polygons_) {
    if (polygon.outer.size() < 3 || !InRing(polygon.outer, lat, lon)) continue;
    bool in_hole = false;
    for (const Ring& hole : polygon.holes) {
      if (hole.size() >= 3 && InRing(hole, lat, lon)) in_hole = true;
    }
    if (!in_hole) return true;
  }
  return false;
}

double Outline::ScaledArea() const {
  double area = 0.0;
  for (const auto& polygon : polygons_) {
    if (polygon.outer.size() < 3) continue;
    area += RingArea(polygon.outer);
    for (const Ring& hole : polygon.holes) {
      if (hole.size() >= 3) area -= RingArea(hole);
    }
  }
  return std::max(0.0, area);
}

Point Outline::InteriorPoint() const {
  Point centre{(box_.min_lon + box_.max_lon) / 2, (box_.min_lat + box_.max_lat) / 2};
  if (Contains(centre.lat, centre.lon)) return centre;
  // Scan the largest polygon's box on a growing grid for a point inside.
  const Polygon* largest = nullptr;
  double largest_area = -1;
  for (const auto& polygon : polygons_) {
    double area = polygon.outer.size() >= 3 ? RingArea(polygon.outer) : 0;
    if (area > largest_area) {
      largest_area = area;
      largest = &polygon;
    }
  }
  if (largest == nullptr) return centre;
  Outline one({*largest});
  const Box& box = one.box();
  for (int steps = 2; steps <= 256; steps *= 2) {
    for (int i = 1; i < steps; ++i) {
      for (int j = 1; j < steps; ++j) {
        const double lat = box.min_lat + (box.max_lat - box.min_lat) * i / steps;
        const double lon = box.min_lon + (box.max_lon - box.min_lon) * j / steps;
        if (one.Contains(lat, lon)) return {lon, lat};
      }
    }
  }
  return largest->outer.front();
}

Outline Outline::Union(const std::vector<const Outline*>& parts) {
  std::vector<Polygon> polygons;
  for (const Outline* part : parts) {
    if (part == nullptr) continue;
    polygons.insert(polygons.end(), part->polygons().begin(), part->polygons().end());
  }
  return Outline(std::move(polygons));
}

}  // namespace linli::geo
