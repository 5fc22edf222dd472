#include "engines/accessibility/bounded_search.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace linli::accessibility {

BoundedSearch::BoundedSearch(const WalkingNetwork& network)
    : network_(&network), labels_(network.node_count()) {}

uint32_t BoundedSearch::LowerBound(int32_t node, const PlaneBox& goal) const {
  const PlanePoint p = network_->PlanePosition(node);
  const double dx = std::max({goal.min_x - p.x, 0.0, p.x - goal.max_x});
  const double dy = std::max({goal.min_y - p.y, 0.0, p.y - goal.max_y});
  const double metres = network_->lower_bound_factor() * std::sqrt(dx * dx + dy * dy);
  // One decimetre less than the floor absorbs the rounding of edge lengths.
  const double decimetres = std::floor(metres * kDecimetresPerMetre) - 1.0;
  return decimetres > 0.0 ? static_cast<uint32_t>(decimetres) : 0;
}

void BoundedSearch::Run(std::span<const Seed> seeds, uint32_t cutoff_decimetres,
                        const PlaneBox* goal) {
  ++generation_;
  if (generation_ == 0) {  // wrapped around: forget every label once
    std::fill(labels_.begin(), labels_.end(), Label{});
    generation_ = 1;
  }
  settled_.clear();
  const uint32_t bucket_count = (cutoff_decimetres >> kBucketShift) + 1;
  if (buckets_.size() < bucket_count) buckets_.resize(bucket_count);
  bitmap_.resize((labels_.size() + 63) / 64, 0);

  int64_t pending = 0;
  auto improve = [&](int32_t node, uint32_t distance) {
    Label& label = labels_[node];
    const bool known = label.generation == generation_;
    if (known && label.distance <= distance) return;
    if (goal != nullptr && distance + LowerBound(node, *goal) > cutoff_decimetres) return;
    if (!known) {
      label.generation = generation_;
      settled_.push_back(node);
    }
    label.distance = distance;
    buckets_[distance >> kBucketShift].push_back(node);
    ++pending;
  };
  for (const Seed& seed : seeds) {
    if (seed.distance_decimetres <= cutoff_decimetres) improve(seed.node, seed.distance_decimetres);
  }

  for (uint32_t bucket_index = 0; bucket_index < bucket_count && pending > 0; ++bucket_index) {
    std::vector<int32_t>& bucket = buckets_[bucket_index];
    while (!bucket.empty()) {
      // One round: gather the bucket's nodes (duplicates merge), then scan them in node order.
      pending -= static_cast<int64_t>(bucket.size());
      int32_t low = bucket.front();
      int32_t high = low;
      for (const int32_t node : bucket) {
        bitmap_[node >> 6] |= uint64_t{1} << (node & 63);
        low = std::min(low, node);
        high = std::max(high, node);
      }
      bucket.clear();
      for (int32_t word = low >> 6; word <= (high >> 6); ++word) {
        uint64_t bits = bitmap_[word];
        bitmap_[word] = 0;
        while (bits != 0) {
          const int32_t node = (word << 6) + std::countr_zero(bits);
          bits &= bits - 1;
          const uint32_t distance = labels_[node].distance;
          if ((distance >> kBucketShift) != bucket_index)
            continue;  // improved into an earlier bucket
          for (const Arc& arc : network_->ArcsOf(node)) {
            const uint32_t next = distance + arc.length_decimetres;
            if (next <= cutoff_decimetres) improve(arc.head, next);
          }
        }
      }
    }
  }
}

}  // namespace linli::accessibility
