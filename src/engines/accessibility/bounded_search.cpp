#include "engines/accessibility/bounded_search.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace linli::accessibility {
namespace {

// How far ahead of the node being scanned the data of the nodes to scan next is prefetched: first
// the CSR offsets, then (once those are in cache) the arcs and the node's label, then (once the
// arcs are in cache) the labels of the arcs' heads.
constexpr size_t kPrefetchOffsets = 32;
constexpr size_t kPrefetchArcs = 16;
constexpr size_t kPrefetchHeads = 6;

}  // namespace

BoundedSearch::BoundedSearch(const WalkingNetwork& network)
    : network_(&network),
      distance_(network.node_count(), kUnreachable),
      bitmap_((network.node_count() + 63) / 64, 0) {}

inline uint32_t BoundedSearch::LowerBound(int32_t node, const PlaneBox& goal) const {
  const PlanePoint p = network_->PlanePosition(node);
  const double dx = std::max({goal.min_x - p.x, 0.0, p.x - goal.max_x});
  const double dy = std::max({goal.min_y - p.y, 0.0, p.y - goal.max_y});
  const double metres = network_->lower_bound_factor() * std::sqrt(dx * dx + dy * dy);
  // One decimetre less than the floor absorbs the rounding of edge lengths.
  const double decimetres = std::floor(metres * kDecimetresPerMetre) - 1.0;
  return decimetres > 0.0 ? static_cast<uint32_t>(decimetres) : 0;
}

void BoundedSearch::Reset() {
  // Forget the previous run: only the nodes it reached, unless they are many.
  if (settled_.size() > distance_.size() / 16) {
    std::fill(distance_.begin(), distance_.end(), kUnreachable);
  } else {
    for (const int32_t node : settled_) distance_[node] = kUnreachable;
  }
  settled_.clear();
}

void BoundedSearch::GatherInNodeOrder(std::vector<int32_t>& bucket) {
  uint64_t* const bitmap = bitmap_.data();
  int32_t low = bucket.front();
  int32_t high = low;
  for (const int32_t node : bucket) {
    low = std::min(low, node);
    high = std::max(high, node);
  }
  scan_.clear();
  if (((high - low) >> 6) > 8 * static_cast<int64_t>(bucket.size())) {
    // Few nodes over a long stretch of ids (a goal-directed search): sorting is cheaper than
    // sweeping the bitmap.
    std::sort(bucket.begin(), bucket.end());
    scan_.assign(bucket.begin(), std::unique(bucket.begin(), bucket.end()));
    bucket.clear();
    return;
  }
  for (const int32_t node : bucket) bitmap[node >> 6] |= uint64_t{1} << (node & 63);
  bucket.clear();
  for (int32_t word = low >> 6; word <= (high >> 6); ++word) {
    uint64_t bits = bitmap[word];
    if (bits == 0) continue;
    bitmap[word] = 0;
    do {
      scan_.push_back((word << 6) + std::countr_zero(bits));
      bits &= bits - 1;
    } while (bits != 0);
  }
}

void BoundedSearch::Run(std::span<const Seed> seeds, uint32_t cutoff_decimetres,
                        const PlaneBox* goal) {
  Reset();
  const uint32_t bucket_count = (cutoff_decimetres >> kBucketShift) + 1;
  if (buckets_.size() < bucket_count) buckets_.resize(bucket_count);

  int64_t pending = 0;
  for (const Seed& seed : seeds) {
    const uint32_t distance = seed.distance_decimetres;
    if (distance > cutoff_decimetres) continue;
    if (goal != nullptr && distance + LowerBound(seed.node, *goal) > cutoff_decimetres) continue;
    uint32_t& label = distance_[seed.node];
    if (distance >= label) continue;
    if (label == kUnreachable) settled_.push_back(seed.node);
    label = distance;
    buckets_[distance >> kBucketShift].push_back(seed.node);
    ++pending;
  }
  if (goal != nullptr) {
    Search<true>(cutoff_decimetres, goal, pending);
  } else {
    Search<false>(cutoff_decimetres, nullptr, pending);
  }
}

template <bool kPruned>
void BoundedSearch::Search(uint32_t cutoff_decimetres, const PlaneBox* goal, int64_t pending) {
  const WalkingNetwork& network = *network_;
  uint32_t* const distance = distance_.data();
  const uint32_t* const offsets = network.arc_offsets().data();
  const uint32_t bucket_count = (cutoff_decimetres >> kBucketShift) + 1;
  for (uint32_t bucket_index = 0; bucket_index < bucket_count && pending > 0; ++bucket_index) {
    std::vector<int32_t>& bucket = buckets_[bucket_index];
    while (!bucket.empty()) {
      // One round: the bucket's nodes in node order.
      pending -= static_cast<int64_t>(bucket.size());
      GatherInNodeOrder(bucket);
      // Scan them, prefetching the data of the nodes a few places ahead.
      const int32_t* const nodes = scan_.data();
      const size_t count = scan_.size();
      for (size_t i = 0; i < count; ++i) {
        if (i + kPrefetchOffsets < count) {
          __builtin_prefetch(offsets + nodes[i + kPrefetchOffsets], 0, 1);
        }
        if (i + kPrefetchArcs < count) {
          const int32_t ahead = nodes[i + kPrefetchArcs];
          __builtin_prefetch(network.ArcsOf(ahead).data(), 0, 1);
          __builtin_prefetch(distance + ahead, 0, 1);
        }
        if (i + kPrefetchHeads < count) {
          for (const Arc& arc : network.ArcsOf(nodes[i + kPrefetchHeads])) {
            __builtin_prefetch(distance + arc.head, 1, 1);
          }
        }
        const int32_t node = nodes[i];
        const uint32_t at = distance[node];
        if ((at >> kBucketShift) != bucket_index) continue;  // a stale entry
        for (const Arc& arc : network.ArcsOf(node)) {
          const uint32_t next = at + arc.length_decimetres;
          if (next > cutoff_decimetres) continue;
          uint32_t& label = distance[arc.head];
          if (next >= label) continue;
          if constexpr (kPruned) {
            if (next + LowerBound(arc.head, *goal) > cutoff_decimetres) continue;
          }
          if (label == kUnreachable) settled_.push_back(arc.head);
          label = next;
          buckets_[next >> kBucketShift].push_back(arc.head);
          ++pending;
        }
      }
    }
  }
}

void BoundedSearch::RunTowards(std::span<const Seed> seeds, uint32_t cutoff_decimetres,
                               const PlaneBox& goal, std::span<const Snap> targets) {
  Reset();
  const uint32_t bucket_count = (cutoff_decimetres >> kBucketShift) + 1;
  if (buckets_.size() < bucket_count) buckets_.resize(bucket_count);
  uint32_t* const distance = distance_.data();
  int64_t pending = 0;
  // Labels `node` with `at` when shorter; its key (at + bound) picks the bucket, never one before
  // `current_bucket`.
  auto improve = [&](int32_t node, uint32_t at, uint32_t current_bucket) {
    uint32_t& label = distance[node];
    if (at >= label) return;
    const uint32_t key = at + LowerBound(node, goal);
    if (key > cutoff_decimetres) return;
    if (label == kUnreachable) settled_.push_back(node);
    label = at;
    buckets_[std::max(key >> kBucketShift, current_bucket)].push_back(node);
    ++pending;
  };
  for (const Seed& seed : seeds) {
    if (seed.distance_decimetres <= cutoff_decimetres) {
      improve(seed.node, seed.distance_decimetres, 0);
    }
  }
  remaining_.resize(targets.size());
  for (size_t t = 0; t < targets.size(); ++t) remaining_[t] = static_cast<int32_t>(t);
  const WalkingNetwork& network = *network_;
  for (uint32_t bucket_index = 0; bucket_index < bucket_count && pending > 0; ++bucket_index) {
    std::vector<int32_t>& bucket = buckets_[bucket_index];
    if (bucket.empty()) continue;
    while (!bucket.empty()) {
      pending -= static_cast<int64_t>(bucket.size());
      GatherInNodeOrder(bucket);
      for (const int32_t node : scan_) {
        const uint32_t at = distance[node];
        for (const Arc& arc : network.ArcsOf(node)) {
          const uint32_t next = at + arc.length_decimetres;
          if (next <= cutoff_decimetres) improve(arc.head, next, bucket_index);
        }
      }
    }
    // Every key below `known` has been scanned, so a label up to `known` is exact; a target whose
    // nearer endpoint is within `known` cannot get any nearer.
    const uint64_t known = uint64_t{bucket_index + 1} << kBucketShift;
    size_t kept = 0;
    for (const int32_t t : remaining_) {
      const Snap& target = targets[t];
      const uint64_t via_from = uint64_t{distance[target.from]} + target.CostToFrom();
      const uint64_t via_to = uint64_t{distance[target.to]} + target.CostToTo();
      if (std::min(via_from, via_to) > known) remaining_[kept++] = t;
    }
    remaining_.resize(kept);
    if (remaining_.empty()) break;
  }
  // Leave the buckets empty for the next run.
  for (uint32_t b = 0; b < bucket_count; ++b) buckets_[b].clear();
}

}  // namespace linli::accessibility
