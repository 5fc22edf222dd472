// Siting: which k candidate sites (public buildings or network nodes, as snaps) would cover the
// most uncovered served residents within a circle. Maximal covering location problem:
//  - GreedyMaximalCovering picks, k times, the candidate with the largest marginal gain (lazy
//    evaluation; ties to the lower candidate index). Covered weight is a monotone submodular
//    function of the chosen set, so greedy achieves at least (1 − 1/e) ≈ 63.2% of the optimum
//    (Nemhauser, Wolsey & Fisher 1978); in practice it is usually optimal or very close.
//  - ExactMaximalCovering (k ≤ kExactMaxSites, ≤ kExactMaxCandidates candidates) finds the
//    optimum by branch and bound: candidates in decreasing order of standalone weight, bound =
//    value so far + the standalone weights of the next candidates, incumbent = the greedy answer.
// Each chosen site reports its marginal gain in the order chosen.
// Thread-safety: pure functions over plain values.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/result.hpp"
#include "engines/accessibility/snapping.hpp"
#include "engines/accessibility/walking_network.hpp"

namespace linli::accessibility {

inline constexpr int32_t kExactMaxSites = 3;
inline constexpr int32_t kExactMaxCandidates = 200;

// Which targets each candidate would cover (CSR: TargetsOf(c) lists target indices).
struct CandidateCoverage {
  std::vector<uint32_t> first{0};  // candidate_count() + 1 offsets into targets
  std::vector<int32_t> targets;

  int32_t candidate_count() const { return static_cast<int32_t>(first.size()) - 1; }
  std::span<const int32_t> TargetsOf(int32_t candidate) const {
    return {targets.data() + first[candidate], targets.data() + first[candidate + 1]};
  }
  void AddCandidate(std::span<const int32_t> covered_targets);
};

// Coverage sets on the network: a bounded search from each candidate; only targets with a
// positive weight are listed (pass the weights of the uncovered served residents).
core::Result<CandidateCoverage> ComputeCandidateCoverage(const WalkingNetwork& network,
                                                         std::span<const Snap> candidates,
                                                         std::span<const Snap> targets,
                                                         std::span<const uint32_t> weights,
                                                         uint32_t cutoff_decimetres);

struct SitingChoice {
  int32_t candidate = 0;
  uint64_t gain = 0;  // weight newly covered when this site is added to those before it
};

struct SitingResult {
  std::vector<SitingChoice> chosen;  // stops early when no candidate adds anything
  uint64_t covered_weight = 0;
};

// REQUIRES: every target index in `coverage` < weights.size(); k >= 0.
SitingResult GreedyMaximalCovering(const CandidateCoverage& coverage,
                                   std::span<const uint32_t> weights, int32_t k);
core::Result<SitingResult> ExactMaximalCovering(const CandidateCoverage& coverage,
                                                std::span<const uint32_t> weights, int32_t k);

}  // namespace linli::accessibility
