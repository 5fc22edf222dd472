#include "engines/accessibility/siting.hpp"

#include <algorithm>
#include <numeric>
#include <queue>
#include <string>
#include <tuple>
#include <utility>

#include "engines/accessibility/bounded_search.hpp"

namespace linli::accessibility {
namespace {

// Marginal gain of a candidate given how many chosen sites cover each target.
uint64_t MarginalGain(std::span<const int32_t> targets, std::span<const uint32_t> weights,
                      const std::vector<int32_t>& cover_count) {
  uint64_t gain = 0;
  for (const int32_t target : targets) {
    if (cover_count[target] == 0) gain += weights[target];
  }
  return gain;
}

class BranchAndBound {
 public:
  BranchAndBound(const CandidateCoverage& coverage, std::span<const uint32_t> weights, int32_t k)
      : coverage_(coverage), weights_(weights), k_(k), cover_count_(weights.size(), 0) {
    const int32_t n = coverage.candidate_count();
    standalone_.resize(n);
    for (int32_t c = 0; c < n; ++c)
      standalone_[c] = MarginalGain(coverage.TargetsOf(c), weights, cover_count_);
    order_.resize(n);
    std::iota(order_.begin(), order_.end(), 0);
    std::stable_sort(order_.begin(), order_.end(),
                     [&](int32_t a, int32_t b) { return standalone_[a] > standalone_[b]; });
    prefix_.assign(n + 1, 0);
    for (int32_t i = 0; i < n; ++i) prefix_[i + 1] = prefix_[i] + standalone_[order_[i]];
  }

  void Solve(uint64_t incumbent, std::vector<int32_t> incumbent_set) {
    best_ = incumbent;
    best_set_ = std::move(incumbent_set);
    Search(0, 0);
  }
  const std::vector<int32_t>& BestSet() const { return best_set_; }

 private:
  // Upper bound of what `remaining` more candidates from position `start` on can add.
  uint64_t Bound(int32_t start, int32_t remaining) const {
    const int32_t end = std::min<int32_t>(start + remaining, static_cast<int32_t>(order_.size()));
    return prefix_[end] - prefix_[start];
  }

  void Search(int32_t start, uint64_t value) {
    if (value > best_) {
      best_ = value;
      best_set_ = current_;
    }
    const int32_t remaining = k_ - static_cast<int32_t>(current_.size());
    if (remaining == 0) return;
    for (int32_t i = start; i < static_cast<int32_t>(order_.size()); ++i) {
      if (value + Bound(i, remaining) <= best_) break;  // later positions only bound lower
      const int32_t candidate = order_[i];
      const auto targets = coverage_.TargetsOf(candidate);
      const uint64_t gain = MarginalGain(targets, weights_, cover_count_);
      for (const int32_t target : targets) ++cover_count_[target];
      current_.push_back(candidate);
      Search(i + 1, value + gain);
      current_.pop_back();
      for (const int32_t target : targets) --cover_count_[target];
    }
  }

  const CandidateCoverage& coverage_;
  std::span<const uint32_t> weights_;
  int32_t k_;
  std::vector<int32_t> cover_count_;
  std::vector<uint64_t> standalone_;
  std::vector<int32_t> order_;
  std::vector<uint64_t> prefix_;
  std::vector<int32_t> current_;
  std::vector<int32_t> best_set_;
  uint64_t best_ = 0;
};

// Gains of a set of candidates in the given order.
SitingResult Evaluate(const CandidateCoverage& coverage, std::span<const uint32_t> weights,
                      std::span<const int32_t> candidates) {
  SitingResult result;
  std::vector<int32_t> cover_count(weights.size(), 0);
  for (const int32_t candidate : candidates) {
    const auto targets = coverage.TargetsOf(candidate);
    const uint64_t gain = MarginalGain(targets, weights, cover_count);
    for (const int32_t target : targets) ++cover_count[target];
    result.chosen.push_back({candidate, gain});
    result.covered_weight += gain;
  }
  return result;
}

}  // namespace

void CandidateCoverage::AddCandidate(std::span<const int32_t> covered_targets) {
  targets.insert(targets.end(), covered_targets.begin(), covered_targets.end());
  first.push_back(static_cast<uint32_t>(targets.size()));
}

core::Result<CandidateCoverage> ComputeCandidateCoverage(const WalkingNetwork& network,
                                                         std::span<const Snap> candidates,
                                                         std::span<const Snap> targets,
                                                         std::span<const uint32_t> weights,
                                                         uint32_t cutoff_decimetres) {
  if (weights.size() != targets.size()) {
    return core::Error::InvalidArgument("目标点与权重数量不一致", "weights");
  }
  if (cutoff_decimetres == 0) {
    return core::Error::Validation("生活圈距离必须大于 0", "cutoff");
  }
  for (const auto& places : {candidates, targets}) {
    for (const Snap& snap : places) {
      if (!snap.snapped() || snap.edge >= network.edge_count()) {
        return core::Error::InvalidArgument("有点没有吸附到路网", "candidates");
      }
    }
  }
  // Targets with weight, attached to both endpoints of their edge (node → (target, cost)).
  std::vector<uint32_t> first(network.node_count() + 1, 0);
  std::vector<std::pair<int32_t, int32_t>> on_edge;  // (edge, target)
  for (size_t t = 0; t < targets.size(); ++t) {
    if (weights[t] == 0) continue;
    ++first[targets[t].from + 1];
    ++first[targets[t].to + 1];
    on_edge.emplace_back(targets[t].edge, static_cast<int32_t>(t));
  }
  std::sort(on_edge.begin(), on_edge.end());
  for (int32_t node = 0; node < network.node_count(); ++node) first[node + 1] += first[node];
  std::vector<std::pair<int32_t, uint32_t>> attached(first.back());
  std::vector<uint32_t> fill(first.begin(), first.end() - 1);
  for (size_t t = 0; t < targets.size(); ++t) {
    if (weights[t] == 0) continue;
    attached[fill[targets[t].from]++] = {static_cast<int32_t>(t), targets[t].CostToFrom()};
    attached[fill[targets[t].to]++] = {static_cast<int32_t>(t), targets[t].CostToTo()};
  }

  CandidateCoverage coverage;
  BoundedSearch search(network);
  std::vector<int32_t> seen(targets.size(), -1);
  std::vector<int32_t> covered;
  for (size_t c = 0; c < candidates.size(); ++c) {
    const Snap& site = candidates[c];
    const Seed seeds[2] = {{site.from, site.CostToFrom()}, {site.to, site.CostToTo()}};
    search.Run(seeds, cutoff_decimetres);
    covered.clear();
    auto add = [&](int32_t target) {
      if (seen[target] == static_cast<int32_t>(c)) return;
      seen[target] = static_cast<int32_t>(c);
      covered.push_back(target);
    };
    for (const int32_t node : search.settled()) {
      const uint32_t distance = search.Distance(node);
      for (uint32_t k = first[node]; k < first[node + 1]; ++k) {
        if (distance + attached[k].second <= cutoff_decimetres) add(attached[k].first);
      }
    }
    auto it = std::lower_bound(on_edge.begin(), on_edge.end(),
                               std::pair<int32_t, int32_t>(site.edge, -1));
    for (; it != on_edge.end() && it->first == site.edge; ++it) {
      if (SameEdgeDecimetres(site, targets[it->second]) <= cutoff_decimetres) add(it->second);
    }
    std::sort(covered.begin(), covered.end());
    coverage.AddCandidate(covered);
  }
  return coverage;
}

SitingResult GreedyMaximalCovering(const CandidateCoverage& coverage,
                                   std::span<const uint32_t> weights, int32_t k) {
  SitingResult result;
  std::vector<int32_t> cover_count(weights.size(), 0);
  // (gain upper bound, −candidate, round it was computed in): max-heap.
  using Entry = std::tuple<uint64_t, int32_t, int32_t>;
  std::priority_queue<Entry> queue;
  for (int32_t c = 0; c < coverage.candidate_count(); ++c) {
    queue.emplace(MarginalGain(coverage.TargetsOf(c), weights, cover_count), -c, 0);
  }
  for (int32_t round = 0; round < k && !queue.empty(); ++round) {
    for (;;) {
      auto [gain, negative_candidate, computed] = queue.top();
      queue.pop();
      const int32_t candidate = -negative_candidate;
      if (computed == round) {
        if (gain == 0) return result;  // nothing left to gain
        for (const int32_t target : coverage.TargetsOf(candidate)) ++cover_count[target];
        result.chosen.push_back({candidate, gain});
        result.covered_weight += gain;
        break;
      }
      // Gains only shrink as sites are added (submodularity), so a stale value is an upper
      // bound: recompute and put it back.
      queue.emplace(MarginalGain(coverage.TargetsOf(candidate), weights, cover_count),
                    negative_candidate, round);
    }
  }
  return result;
}

core::Result<SitingResult> ExactMaximalCovering(const CandidateCoverage& coverage,
                                                std::span<const uint32_t> weights, int32_t k) {
  if (k < 0 || k > kExactMaxSites) {
    return core::Error::InvalidArgument(
        "精确选址最多选 " + std::to_string(kExactMaxSites) + " 个点", "k");
  }
  if (coverage.candidate_count() > kExactMaxCandidates) {
    return core::Error::InvalidArgument(
        "精确选址的候选点不能超过 " + std::to_string(kExactMaxCandidates) + " 个", "candidates");
  }
  const SitingResult greedy = GreedyMaximalCovering(coverage, weights, k);
  std::vector<int32_t> greedy_set;
  for (const SitingChoice& choice : greedy.chosen) greedy_set.push_back(choice.candidate);
  BranchAndBound solver(coverage, weights, k);
  solver.Solve(greedy.covered_weight, greedy_set);
  return Evaluate(coverage, weights, solver.BestSet());
}

}  // namespace linli::accessibility
