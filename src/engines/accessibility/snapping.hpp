// Snapping points (buildings, facilities, candidate sites) to the nearest edge of a walking
// network, through a uniform grid of buckets over the network's local metric projection.
//
// The rule, used everywhere in this engine: a point P is snapped to the edge (from, to) whose
// segment is nearest to P in the local projection (ties: the lower edge index). Its foot Q on
// that segment lies at fraction t from `from`. The snap records
//   along  = round(t × edge length)            (decimetres from `from` to Q along the edge),
//   offset = haversine(P, Q)                   (the perpendicular walk from P to the street).
// P reaches `from` at cost offset + along and `to` at cost offset + (length − along). Both
// endpoints are used (the nearer endpoint alone would overcharge points near the middle of
// long edges), and two points on the same edge also reach each other directly at cost
// offset₁ + |along₁ − along₂| + offset₂.
// Thread-safety: an EdgeIndex is immutable after construction; snapping is const and may run
// on many threads (SnapPoints itself uses the given number of threads).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "engines/accessibility/geo.hpp"
#include "engines/accessibility/walking_network.hpp"

namespace linli::accessibility {

struct Snap {
  int32_t edge = -1;  // undirected edge index in the network; -1 when not snapped
  int32_t from = -1;  // the edge's endpoints (internal node ids)
  int32_t to = -1;
  uint32_t along_decimetres = 0;   // from `from` to the foot point along the edge
  uint32_t edge_decimetres = 0;    // the edge's length
  uint32_t offset_decimetres = 0;  // from the point to its foot on the edge

  bool snapped() const { return edge >= 0; }
  uint32_t CostToFrom() const { return offset_decimetres + along_decimetres; }
  uint32_t CostToTo() const { return offset_decimetres + (edge_decimetres - along_decimetres); }
};

// Walking distance between two points snapped to the same edge, without leaving the edge.
// REQUIRES: a.edge == b.edge.
uint32_t SameEdgeDecimetres(const Snap& a, const Snap& b);

class EdgeIndex {
 public:
  // Default bucket side: 100 m (a city block); grown if the grid would exceed
  // kMaxCellsPerEdge cells per edge.
  static constexpr double kDefaultCellMetres = 100.0;
  static constexpr int64_t kMaxCellsPerEdge = 4;

  // REQUIRES: `network` outlives the index.
  explicit EdgeIndex(const WalkingNetwork& network, double cell_metres = kDefaultCellMetres);

  Snap SnapPoint(LatLon point) const;
  std::vector<Snap> SnapPoints(std::span<const LatLon> points, int thread_count = 2) const;

  double cell_metres() const { return cell_metres_; }

 private:
  // Squared planar distance from p to the edge's segment and the fraction of its foot.
  double SquaredDistanceToEdge(PlanePoint p, int32_t edge, double* fraction) const;

  const WalkingNetwork* network_;
  double cell_metres_ = kDefaultCellMetres;
  double min_x_ = 0.0;
  double min_y_ = 0.0;
  int32_t columns_ = 1;
  int32_t rows_ = 1;
  std::vector<uint32_t> cell_start_;  // columns_ × rows_ + 1 offsets into cell_edges_
  std::vector<int32_t> cell_edges_;
};

}  // namespace linli::accessibility
