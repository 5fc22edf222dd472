// The outline of a place: one or more polygons, each an outer ring with optional holes, in
// degrees (longitude, latitude) as GeoJSON writes them. Used to place synthetic people inside
// a county's real shape; the same outlines will serve the dashboard maps.
// Thread-safety: an Outline is a value; const member functions may be called concurrently.
#pragma once

#include <vector>

namespace linli::geo {

struct Point {
  double lon = 0.0;
  double lat = 0.0;
};

using Ring = std::vector<Point>;  // closed or not; the last point joins the first

struct Polygon {
  Ring outer;
  std::vector<Ring> holes;
};

struct Box {
  double min_lon = 0.0;
  double min_lat = 0.0;
  double max_lon = 0.0;
  double max_lat = 0.0;
};

class Outline {
 public:
  Outline() = default;
  explicit Outline(std::vector<Polygon> polygons);

  bool empty() const { return polygons_.empty(); }
  const std::vector<Polygon>& polygons() const { return polygons_; }
  const Box& box() const { return box_; }

  // Inside some polygon's outer ring and none of its holes (even-odd rule; a point exactly on
  // an edge may fall either way).
  bool Contains(double lat, double lon) const;
  // Area in square degrees with longitude scaled by cos(latitude) (≈ km² / 12,364), enough to
  // compare sizes and derive a radius.
  double ScaledArea() const;
  // The centre of the box when it lies inside, else the first vertex-midpoint found inside
  // (always a point of the outline for a non-empty outline with a non-degenerate polygon).
  Point InteriorPoint() const;
  // The union of several outlines (their polygons side by side).
  static Outline Union(const std::vector<const Outline*>& parts);

 private:
  std::vector<Polygon> polygons_;
  Box box_;
};

}  // namespace linli::geo
