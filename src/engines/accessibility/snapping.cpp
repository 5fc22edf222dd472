#include "engines/accessibility/snapping.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <thread>

namespace linli::accessibility {

uint32_t SameEdgeDecimetres(const Snap& a, const Snap& b) {
  const uint32_t along = a.along_decimetres > b.along_decimetres
                             ? a.along_decimetres - b.along_decimetres
                             : b.along_decimetres - a.along_decimetres;
  return a.offset_decimetres + along + b.offset_decimetres;
}

EdgeIndex::EdgeIndex(const WalkingNetwork& network, double cell_metres)
    : network_(&network), cell_metres_(cell_metres) {
  double min_x = std::numeric_limits<double>::max();
  double min_y = min_x;
  double max_x = std::numeric_limits<double>::lowest();
  double max_y = max_x;
  for (int32_t node = 0; node < network.node_count(); ++node) {
    const PlanePoint p = network.PlanePosition(node);
    min_x = std::min(min_x, p.x);
    min_y = std::min(min_y, p.y);
    max_x = std::max(max_x, p.x);
    max_y = std::max(max_y, p.y);
  }
  min_x_ = min_x;
  min_y_ = min_y;
  const int64_t max_cells = std::max<int64_t>(1, kMaxCellsPerEdge * network.edge_count());
  for (;;) {
    columns_ = static_cast<int32_t>((max_x - min_x) / cell_metres_) + 1;
    rows_ = static_cast<int32_t>((max_y - min_y) / cell_metres_) + 1;
    if (static_cast<int64_t>(columns_) * rows_ <= max_cells) break;
    cell_metres_ *= 1.5;
  }

  // Two passes (count, fill) over every cell that each edge's bounding box overlaps.
  const int64_t cell_count = static_cast<int64_t>(columns_) * rows_;
  cell_start_.assign(cell_count + 1, 0);
  auto for_each_cell = [&](int32_t edge, auto&& visit) {
    const Edge& e = network.EdgeAt(edge);
    const PlanePoint a = network.PlanePosition(e.from);
    const PlanePoint b = network.PlanePosition(e.to);
    const auto c0 = static_cast<int32_t>((std::min(a.x, b.x) - min_x_) / cell_metres_);
    const auto c1 = static_cast<int32_t>((std::max(a.x, b.x) - min_x_) / cell_metres_);
    const auto r0 = static_cast<int32_t>((std::min(a.y, b.y) - min_y_) / cell_metres_);
    const auto r1 = static_cast<int32_t>((std::max(a.y, b.y) - min_y_) / cell_metres_);
    for (int32_t r = r0; r <= r1; ++r) {
      for (int32_t c = c0; c <= c1; ++c) visit(static_cast<int64_t>(r) * columns_ + c);
    }
  };
  for (int32_t edge = 0; edge < network.edge_count(); ++edge) {
    for_each_cell(edge, [&](int64_t cell) { ++cell_start_[cell + 1]; });
  }
  for (int64_t cell = 0; cell < cell_count; ++cell) cell_start_[cell + 1] += cell_start_[cell];
  cell_edges_.resize(cell_start_[cell_count]);
  std::vector<uint32_t> fill(cell_start_.begin(), cell_start_.end() - 1);
  for (int32_t edge = 0; edge < network.edge_count(); ++edge) {
    for_each_cell(edge, [&](int64_t cell) { cell_edges_[fill[cell]++] = edge; });
  }
}

double EdgeIndex::SquaredDistanceToEdge(PlanePoint p, int32_t edge, double* fraction) const {
  const Edge& e = network_->EdgeAt(edge);
  const PlanePoint a = network_->PlanePosition(e.from);
  const PlanePoint b = network_->PlanePosition(e.to);
  const double dx = b.x - a.x;
  const double dy = b.y - a.y;
  const double length_squared = dx * dx + dy * dy;
  double t = 0.0;
  if (length_squared > 0.0) {
    t = std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / length_squared, 0.0, 1.0);
  }
  const double fx = a.x + t * dx - p.x;
  const double fy = a.y + t * dy - p.y;
  *fraction = t;
  return fx * fx + fy * fy;
}

Snap EdgeIndex::SnapPoint(LatLon point) const {
  const PlanePoint p = network_->projection().Project(point);
  const auto column = static_cast<int32_t>(
      std::clamp(std::floor((p.x - min_x_) / cell_metres_), 0.0, double(columns_ - 1)));
  const auto row = static_cast<int32_t>(
      std::clamp(std::floor((p.y - min_y_) / cell_metres_), 0.0, double(rows_ - 1)));
  // Distance from p to the border of its own cell (0 when p lies outside the grid).
  const double cell_x = min_x_ + column * cell_metres_;
  const double cell_y = min_y_ + row * cell_metres_;
  const double margin = std::max(0.0, std::min({p.x - cell_x, cell_x + cell_metres_ - p.x,
                                                p.y - cell_y, cell_y + cell_metres_ - p.y}));
  double best = std::numeric_limits<double>::max();
  int32_t best_edge = -1;
  double best_fraction = 0.0;
  auto visit_cell = [&](int32_t c, int32_t r) {
    if (c < 0 || r < 0 || c >= columns_ || r >= rows_) return;
    const int64_t cell = static_cast<int64_t>(r) * columns_ + c;
    for (uint32_t k = cell_start_[cell]; k < cell_start_[cell + 1]; ++k) {
      const int32_t edge = cell_edges_[k];
      double fraction = 0.0;
      const double d = SquaredDistanceToEdge(p, edge, &fraction);
      if (d < best || (d == best && edge < best_edge)) {
        best = d;
        best_edge = edge;
        best_fraction = fraction;
      }
    }
  };
  const int32_t max_ring = std::max(columns_, rows_);
  for (int32_t ring = 0; ring <= max_ring; ++ring) {
    if (ring == 0) {
      visit_cell(column, row);
    } else {
      for (int32_t c = column - ring; c <= column + ring; ++c) {
        visit_cell(c, row - ring);
        visit_cell(c, row + ring);
      }
      for (int32_t r = row - ring + 1; r <= row + ring - 1; ++r) {
        visit_cell(column - ring, r);
        visit_cell(column + ring, r);
      }
    }
    // Every cell of ring + 1 lies at least ring × cell side + margin away from p.
    const double reach = ring * cell_metres_ + margin;
    if (best_edge >= 0 && best <= reach * reach) break;
  }

  Snap snap;
  if (best_edge < 0) return snap;  // a network always has an edge; kept for safety
  const Edge& e = network_->EdgeAt(best_edge);
  const LatLon a = network_->Position(e.from);
  const LatLon b = network_->Position(e.to);
  const LatLon foot{a.lat + best_fraction * (b.lat - a.lat),
                    a.lon + best_fraction * (b.lon - a.lon)};
  snap.edge = best_edge;
  snap.from = e.from;
  snap.to = e.to;
  snap.edge_decimetres = e.length_decimetres;
  snap.along_decimetres =
      std::min(e.length_decimetres,
               static_cast<uint32_t>(std::llround(best_fraction * e.length_decimetres)));
  snap.offset_decimetres = MetresToDecimetres(HaversineMetres(point, foot));
  return snap;
}

std::vector<Snap> EdgeIndex::SnapPoints(std::span<const LatLon> points, int thread_count) const {
  std::vector<Snap> snaps(points.size());
  const size_t threads =
      std::clamp<size_t>(thread_count, 1, std::max<size_t>(1, points.size() / 1024));
  auto work = [&](size_t part) {
    const size_t begin = points.size() * part / threads;
    const size_t end = points.size() * (part + 1) / threads;
    for (size_t i = begin; i < end; ++i) snaps[i] = SnapPoint(points[i]);
  };
  std::vector<std::thread> workers;
  for (size_t part = 1; part < threads; ++part) workers.emplace_back(work, part);
  work(0);
  for (auto& worker : workers) worker.join();
  return snaps;
}

}  // namespace linli::accessibility
