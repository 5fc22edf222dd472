// Multi-source shortest paths on a WalkingNetwork, bounded by a cutoff distance.
//
// A bucket queue over integer lengths (decimetres), as in Dial's algorithm, but with buckets
// kBucketDecimetres wide and label correcting inside a bucket: the nodes of the current bucket are
// gathered in a bitmap and scanned in node order (the network is numbered along a Hilbert curve,
// so this walks memory forwards instead of jumping across the city, and the next nodes' arcs and
// labels are prefetched while one is scanned); a node improved while its bucket is being scanned
// is scanned again in the next round over that bucket. Labels are exact when the search ends. No
// heap; the cost is O(scans × arcs + cutoff / bucket width). Distances live in a plain array (4
// bytes per node) that holds kUnreachable except at the nodes the last Run reached; the next Run
// resets only those (or the whole array when they are many), so a BoundedSearch is a reusable
// workspace whose cost per Run follows the part of the network it reaches. Optionally the search
// is pruned towards a goal rectangle of the network's plane: a node is not labelled when its
// distance plus a straight-line lower bound to the rectangle exceeds the cutoff, which keeps
// exact distances for every node from which a point of the rectangle can be reached within the
// cutoff (the bound is consistent, so no such node is ever pruned).
// Thread-safety: one BoundedSearch per thread; many may share one (immutable) network.
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "engines/accessibility/geo.hpp"
#include "engines/accessibility/snapping.hpp"
#include "engines/accessibility/walking_network.hpp"

namespace linli::accessibility {

inline constexpr uint32_t kUnreachable = std::numeric_limits<uint32_t>::max();

// The search starts from `node` with this initial distance (e.g. a facility's snap cost).
struct Seed {
  int32_t node = 0;
  uint32_t distance_decimetres = 0;
};

// Axis-aligned rectangle in the network's plane (metres).
struct PlaneBox {
  double min_x = 0.0;
  double min_y = 0.0;
  double max_x = 0.0;
  double max_y = 0.0;
};

class BoundedSearch {
 public:
  // REQUIRES: `network` outlives the search.
  explicit BoundedSearch(const WalkingNetwork& network);

  // Distances from the nearest seed to every node within `cutoff_decimetres`. Seeds beyond the
  // cutoff are ignored. With `goal`, prunes as described above.
  void Run(std::span<const Seed> seeds, uint32_t cutoff_decimetres, const PlaneBox* goal = nullptr);

  // Goal-directed variant for a few targets inside `goal` (one community): nodes are scanned in
  // the order of distance + straight-line lower bound to `goal` (A* with a bucket queue; the bound
  // can be inconsistent by a decimetre through rounding, so an arc never moves a node to an
  // earlier bucket than the one being scanned, and labels stay exact), nodes whose distance plus
  // bound exceeds the cutoff are never labelled, and the search stops once every target's
  // distance (the nearer of its two endpoints, each plus its snap cost) is known. Afterwards
  // Distance() is exact for each target's nearer endpoint (the other endpoint's label may be too
  // large, which does not change the target's distance) and for no other node in general.
  // REQUIRES: every target's endpoints lie inside `goal`.
  void RunTowards(std::span<const Seed> seeds, uint32_t cutoff_decimetres, const PlaneBox& goal,
                  std::span<const Snap> targets);

  // Distance of the last Run, or kUnreachable when beyond the cutoff (or pruned).
  uint32_t Distance(int32_t node) const { return distance_[node]; }
  // Nodes reached (distance within the cutoff) by the last Run, each once, in no set order
  // (after RunTowards: the nodes it labelled).
  std::span<const int32_t> settled() const { return settled_; }

  // Width of a bucket: 2^8 dm = 25.6 m, below the usual length of a street segment.
  static constexpr uint32_t kBucketShift = 8;

 private:
  void Reset();
  uint32_t LowerBound(int32_t node, const PlaneBox& goal) const;
  template <bool kPruned>
  void Search(uint32_t cutoff_decimetres, const PlaneBox* goal, int64_t pending);
  // Gathers the bucket's nodes in scan_ in node order (duplicates merge) and empties the bucket.
  void GatherInNodeOrder(std::vector<int32_t>& bucket);

  const WalkingNetwork* network_;
  std::vector<uint32_t> distance_;  // kUnreachable except at the nodes in settled_
  std::vector<std::vector<int32_t>> buckets_;
  std::vector<int32_t> settled_;
  std::vector<uint64_t> bitmap_;    // the nodes of the bucket being scanned
  std::vector<int32_t> scan_;       // the same nodes in node order
  std::vector<int32_t> remaining_;  // RunTowards: targets whose distance is not yet known
};

}  // namespace linli::accessibility
