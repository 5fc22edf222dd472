// The walking network: nodes with WGS-84 coordinates and undirected walkable edges with lengths,
// stored as a compressed adjacency (CSR) of directed arcs with integer lengths in decimetres.
//
// WalkingNetworkBuilder takes nodes and ways (sequences of node ids, as in OpenStreetMap),
// measures every segment with the haversine formula, keeps the connected components a
// ComponentRule asks for (by default the largest) and renumbers the nodes along a Hilbert curve so
// that nodes close on the map are close in memory (the searches then touch few cache lines).
// Thread-safety: a built WalkingNetwork is immutable and may be read from many threads; the
// builder is a plain single-threaded value.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/result.hpp"
#include "engines/accessibility/geo.hpp"

namespace linli::accessibility {

// Lengths and distances are integers in decimetres so that the searches can use bucket queues.
inline constexpr uint32_t kDecimetresPerMetre = 10;
uint32_t MetresToDecimetres(double metres);  // rounded to the nearest decimetre

// A directed arc of the adjacency: where it goes and how long it is.
struct Arc {
  int32_t head = 0;
  uint32_t length_decimetres = 0;
};

// An undirected edge (from < to after renumbering).
struct Edge {
  int32_t from = 0;
  int32_t to = 0;
  uint32_t length_decimetres = 0;
};

// Which connected components Build keeps.
//  - By default only the largest: what is not joined to a town's streets is noise.
//  - With anchors (the buildings and facilities a network must serve): every component that
//    comes within reach_metres of an anchor and has at least min_nodes nodes (a town split by a
//    river whose bridge the extract lacks), and the largest whenever it reaches an anchor.
//    Smaller fragments are dropped even near buildings: a building would snap to a courtyard
//    path cut off from everything else instead of to the street a few metres further. When no
//    component qualifies, Build fails (the network is not where its buildings are).
//  - keep_all: every component (a network joined from pieces each already chosen by the rule).
struct ComponentRule {
  bool keep_all = false;
  std::span<const LatLon> anchors;
  double reach_metres = 300.0;
  int32_t min_nodes = 50;
};

// What Build kept and dropped, counted by component (isolated nodes on no way not counted).
struct ComponentReport {
  int32_t kept = 0;
  int32_t dropped_small = 0;        // within reach of an anchor but fewer than min_nodes nodes
  int32_t dropped_unreached = 0;    // no anchor within reach_metres
  int32_t dropped_not_largest = 0;  // no anchors given: every component but the largest
  int64_t dropped_nodes = 0;        // nodes of the dropped components
  int32_t dropped() const { return dropped_small + dropped_unreached + dropped_not_largest; }
};

class WalkingNetwork {
 public:
  int32_t node_count() const { return static_cast<int32_t>(positions_.size()); }
  int32_t edge_count() const { return static_cast<int32_t>(edges_.size()); }
  int64_t arc_count() const { return static_cast<int64_t>(arcs_.size()); }

  // REQUIRES: 0 <= node < node_count().
  std::span<const Arc> ArcsOf(int32_t node) const {
    return {arcs_.data() + first_arc_[node], arcs_.data() + first_arc_[node + 1]};
  }
  // The CSR offsets: the arcs of node v are arcs [offsets[v], offsets[v + 1]) (for prefetching).
  std::span<const uint32_t> arc_offsets() const { return first_arc_; }
  LatLon Position(int32_t node) const { return positions_[node]; }
  PlanePoint PlanePosition(int32_t node) const { return plane_positions_[node]; }
  const Edge& EdgeAt(int32_t edge) const { return edges_[edge]; }
  std::span<const Edge> edges() const { return edges_; }

  // The projection used for plane positions, and the factor that turns planar distances
  // between points of this network's area into lower bounds of true distances.
  const LocalProjection& projection() const { return projection_; }
  double lower_bound_factor() const { return lower_bound_factor_; }

  // Node ids given to the builder (input ids) versus internal ids: -1 when the input node was
  // dropped (in a component the rule did not keep, or on no way).
  int32_t NodeOfInputId(int32_t input_id) const;
  int32_t InputIdOfNode(int32_t node) const { return input_id_of_node_[node]; }
  // Input nodes not kept (other components and nodes on no way).
  int32_t dropped_node_count() const { return dropped_node_count_; }
  uint32_t max_arc_decimetres() const { return max_arc_decimetres_; }
  const ComponentReport& components() const { return components_; }

 private:
  friend class WalkingNetworkBuilder;

  std::vector<uint32_t> first_arc_;  // node_count() + 1 offsets into arcs_
  std::vector<Arc> arcs_;
  std::vector<Edge> edges_;
  std::vector<LatLon> positions_;
  std::vector<PlanePoint> plane_positions_;
  std::vector<int32_t> input_id_of_node_;
  std::vector<int32_t> node_of_input_id_;
  LocalProjection projection_;
  double lower_bound_factor_ = 0.0;
  int32_t dropped_node_count_ = 0;
  uint32_t max_arc_decimetres_ = 0;
  ComponentReport components_;
};

class WalkingNetworkBuilder {
 public:
  void Reserve(int64_t node_count, int64_t way_node_count);
  // Returns the input id of the node (0, 1, 2, ... in call order).
  int32_t AddNode(LatLon position);
  // A walkable way through the given input node ids; consecutive pairs become edges.
  // Ways of fewer than two nodes and repeated consecutive nodes add nothing.
  void AddWay(std::span<const int32_t> input_node_ids);
  void AddEdge(int32_t from_input_id, int32_t to_input_id);

  // Validates (coordinates in China, no NaN, ids that exist, at least one edge) and builds
  // from the components `rule` keeps. Errors are kValidationFailed with a Chinese message naming
  // the field ("nodes", "ways"; "anchors" when no component reaches an anchor).
  core::Result<WalkingNetwork> Build(const ComponentRule& rule = {}) const;

 private:
  std::vector<LatLon> nodes_;
  std::vector<int32_t> way_nodes_;
  std::vector<int64_t> way_starts_{0};
};

}  // namespace linli::accessibility
