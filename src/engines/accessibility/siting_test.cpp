#include "engines/accessibility/siting.hpp"

#include <gtest/gtest.h>

#include <random>
#include <set>

#include "engines/accessibility/circles.hpp"
#include "engines/accessibility/test_networks.hpp"

namespace linli::accessibility {
namespace {

using testing::Offset;

CandidateCoverage Sets(const std::vector<std::vector<int32_t>>& sets) {
  CandidateCoverage coverage;
  for (const auto& set : sets) coverage.AddCandidate(set);
  return coverage;
}

uint64_t CoveredWeight(const CandidateCoverage& coverage, std::span<const uint32_t> weights,
                       const std::vector<int32_t>& chosen) {
  std::set<int32_t> covered;
  for (int32_t c : chosen)
    covered.insert(coverage.TargetsOf(c).begin(), coverage.TargetsOf(c).end());
  uint64_t total = 0;
  for (int32_t t : covered) total += weights[t];
  return total;
}

TEST(SitingTest, GreedyIsSuboptimalWhereExactIsNot) {
  // Targets a,b,c,d weigh 1; e,f weigh 2. S0={a,b,c,d} (4), S1={a,b,e} (4), S2={c,d,f} (4).
  const std::vector<uint32_t> weights = {1, 1, 1, 1, 2, 2};
  const CandidateCoverage coverage = Sets({{0, 1, 2, 3}, {0, 1, 4}, {2, 3, 5}});
  const SitingResult greedy = GreedyMaximalCovering(coverage, weights, 2);
  ASSERT_EQ(greedy.chosen.size(), 2u);
  EXPECT_EQ(greedy.chosen[0].candidate, 0);  // tie at 4: the lower index
  EXPECT_EQ(greedy.chosen[0].gain, 4u);
  EXPECT_EQ(greedy.chosen[1].gain, 2u);
  EXPECT_EQ(greedy.covered_weight, 6u);

  auto exact = ExactMaximalCovering(coverage, weights, 2);
  ASSERT_TRUE(exact.ok());
  EXPECT_EQ(exact->covered_weight, 8u);
  std::set<int32_t> chosen;
  for (const auto& choice : exact->chosen) chosen.insert(choice.candidate);
  EXPECT_EQ(chosen, (std::set<int32_t>{1, 2}));
  EXPECT_EQ(exact->chosen[0].gain + exact->chosen[1].gain, 8u);
}

TEST(SitingTest, GreedyStopsWhenNothingIsLeftToGain) {
  const std::vector<uint32_t> weights = {5, 0};
  const CandidateCoverage coverage = Sets({{0}, {0, 1}, {}});
  const SitingResult greedy = GreedyMaximalCovering(coverage, weights, 3);
  ASSERT_EQ(greedy.chosen.size(), 1u);
  EXPECT_EQ(greedy.covered_weight, 5u);
}

TEST(SitingTest, ExactIsOptimalAndGreedyWithinItsBoundOnRandomCases) {
  std::mt19937 random(17);
  for (int trial = 0; trial < 60; ++trial) {
    const int32_t target_count = 30;
    const int32_t candidate_count = 12;
    std::vector<uint32_t> weights(target_count);
    std::uniform_int_distribution<uint32_t> weight(0, 9);
    for (auto& w : weights) w = weight(random);
    std::vector<std::vector<int32_t>> sets(candidate_count);
    std::bernoulli_distribution member(0.2);
    for (auto& set : sets) {
      for (int32_t t = 0; t < target_count; ++t) {
        if (member(random)) set.push_back(t);
      }
    }
    const CandidateCoverage coverage = Sets(sets);
    for (int32_t k = 1; k <= kExactMaxSites; ++k) {
      // Brute force over all k-subsets.
      uint64_t optimum = 0;
      std::vector<int32_t> pick(k);
      auto enumerate = [&](auto&& self, int32_t depth, int32_t start) -> void {
        if (depth == k) {
          optimum = std::max(optimum, CoveredWeight(coverage, weights, pick));
          return;
        }
        for (int32_t c = start; c < candidate_count; ++c) {
          pick[depth] = c;
          self(self, depth + 1, c + 1);
        }
      };
      enumerate(enumerate, 0, 0);
      auto exact = ExactMaximalCovering(coverage, weights, k);
      ASSERT_TRUE(exact.ok());
      const SitingResult greedy = GreedyMaximalCovering(coverage, weights, k);
      EXPECT_EQ(exact->covered_weight, optimum) << "trial " << trial << " k " << k;
      std::vector<int32_t> exact_set;
      for (const auto& choice : exact->chosen) exact_set.push_back(choice.candidate);
      EXPECT_EQ(CoveredWeight(coverage, weights, exact_set), optimum);
      EXPECT_LE(greedy.covered_weight, exact->covered_weight);
      EXPECT_GE(static_cast<double>(greedy.covered_weight), (1.0 - 1.0 / 2.718281828) * optimum);
      std::vector<int32_t> greedy_set;
      for (const auto& choice : greedy.chosen) greedy_set.push_back(choice.candidate);
      EXPECT_EQ(CoveredWeight(coverage, weights, greedy_set), greedy.covered_weight);
    }
  }
}

TEST(SitingTest, ExactRefusesLargeProblems) {
  const std::vector<uint32_t> weights = {1};
  const CandidateCoverage coverage = Sets({{0}});
  auto too_many_sites = ExactMaximalCovering(coverage, weights, kExactMaxSites + 1);
  ASSERT_FALSE(too_many_sites.ok());
  EXPECT_EQ(too_many_sites.error().field, "k");
  CandidateCoverage many;
  for (int i = 0; i <= kExactMaxCandidates; ++i) many.AddCandidate(std::vector<int32_t>{0});
  EXPECT_FALSE(ExactMaximalCovering(many, weights, 2).ok());
}

TEST(SitingTest, CandidateCoverageMatchesCircleDistances) {
  const WalkingNetwork network = testing::RandomNetwork(77, 1500, 4000.0);
  const EdgeIndex index(network);
  std::mt19937 random(21);
  std::uniform_real_distribution<double> coordinate(0.0, 4000.0);
  std::vector<LatLon> buildings, candidates;
  for (int i = 0; i < 1500; ++i)
    buildings.push_back(Offset(coordinate(random), coordinate(random)));
  for (int i = 0; i < 25; ++i) candidates.push_back(Offset(coordinate(random), coordinate(random)));
  const auto building_snaps = index.SnapPoints(buildings);
  const auto candidate_snaps = index.SnapPoints(candidates);
  std::vector<uint32_t> weights(buildings.size());
  for (size_t b = 0; b < weights.size(); ++b) weights[b] = b % 4 == 0 ? 0 : 1 + b % 7;
  const uint32_t cutoff = 8000;
  auto coverage =
      ComputeCandidateCoverage(network, candidate_snaps, building_snaps, weights, cutoff);
  ASSERT_TRUE(coverage.ok()) << coverage.error().message;
  ASSERT_EQ(coverage->candidate_count(), 25);
  CircleCalculator calculator(&network, {.thread_count = 1});
  size_t listed = 0;
  for (int32_t c = 0; c < 25; ++c) {
    const CircleTask task{{{}, std::span(candidate_snaps).subspan(c, 1)}, cutoff};
    auto distances = calculator.AllTargets({{}, building_snaps}, std::span(&task, 1));
    ASSERT_TRUE(distances.ok());
    std::set<int32_t> expected;
    for (size_t b = 0; b < buildings.size(); ++b) {
      if (weights[b] > 0 && (*distances)[0].decimetres[b] != kUnreachable)
        expected.insert(static_cast<int32_t>(b));
    }
    const auto got = coverage->TargetsOf(c);
    EXPECT_EQ(std::set<int32_t>(got.begin(), got.end()), expected) << "candidate " << c;
    listed += got.size();
  }
  EXPECT_GT(listed, 100u);
  const SitingResult greedy = GreedyMaximalCovering(*coverage, weights, 5);
  EXPECT_EQ(greedy.chosen.size(), 5u);
  for (size_t i = 1; i < greedy.chosen.size(); ++i) {
    EXPECT_LE(greedy.chosen[i].gain, greedy.chosen[i - 1].gain);  // submodular: gains shrink
  }
}

}  // namespace
}  // namespace linli::accessibility
