#include "engines/matching/matching.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>
#include <random>
#include <set>
#include <utility>

namespace linli::matching {
namespace {

constexpr int32_t kDay = 1440;

TimeWindow Hours(int32_t day, int32_t from_hour, int32_t to_hour) {
  return {day * kDay + from_hour * 60, day * kDay + to_hour * 60};
}

Need MakeNeed(int64_t id, std::string skill, TimeWindow window, double priority = 1.0,
              int32_t wanted = 1) {
  Need need;
  need.id = id;
  need.skill = std::move(skill);
  need.window = window;
  need.priority = priority;
  need.wanted = wanted;
  return need;
}

Candidate MakeCandidate(int64_t id, std::vector<std::string> skills, int32_t capacity = 1,
                        std::vector<TimeWindow> availability = {{0, kMinutesPerWeek}}) {
  Candidate candidate;
  candidate.id = id;
  candidate.skills = std::move(skills);
  candidate.capacity = capacity;
  candidate.availability = std::move(availability);
  return candidate;
}

MatchingResult MustMatch(const MatchingInstance& instance, const MatchingOptions& options = {}) {
  auto result = Match(instance, options);
  EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().message);
  return result.ok() ? std::move(result).value() : MatchingResult{};
}

std::set<std::pair<int64_t, int64_t>> PairsOf(const MatchingResult& result) {
  std::set<std::pair<int64_t, int64_t>> pairs;
  for (const Suggestion& suggestion : result.suggestions)
    pairs.insert({suggestion.need_id, suggestion.candidate_id});
  return pairs;
}

TEST(MatchingTest, EmptyInputsGiveAnEmptyResult) {
  const MatchingResult empty = MustMatch({});
  EXPECT_TRUE(empty.suggestions.empty());
  EXPECT_TRUE(empty.unfilled.empty());
  EXPECT_EQ(empty.total_weight_milli, 0);

  MatchingInstance needs_only;
  needs_only.needs = {MakeNeed(1, "meal", Hours(0, 9, 10))};
  const MatchingResult unfilled = MustMatch(needs_only);
  EXPECT_TRUE(unfilled.suggestions.empty());
  ASSERT_EQ(unfilled.unfilled.size(), 1u);
  EXPECT_EQ(unfilled.unfilled[0].need_id, 1);
  EXPECT_EQ(unfilled.unfilled[0].missing, 1);
  EXPECT_EQ(unfilled.unfilled[0].eligible_candidates, 0);
}

TEST(MatchingTest, WeightIsPriorityTimesDistanceDecay) {
  const MatchingOptions options;  // 2000 m, decay 0.5
  EXPECT_EQ(PairWeightMilli(2.0, 0.0, options), 2000);
  EXPECT_EQ(PairWeightMilli(2.0, 1000.0, options), 1500);
  EXPECT_EQ(PairWeightMilli(2.0, 2000.0, options), 1000);
  EXPECT_EQ(PairWeightMilli(1.0, 1.0, options), 1000);  // 999.75 rounds to 1000
}

TEST(MatchingTest, TheCloserCandidateServes) {
  MatchingInstance instance;
  instance.needs = {MakeNeed(1, "meal", Hours(0, 9, 10), 3.0)};
  instance.candidates = {MakeCandidate(10, {"meal"}), MakeCandidate(20, {"meal"})};
  instance.reaches = {{0, 0, 1500.0}, {0, 1, 400.0}};
  const MatchingResult result = MustMatch(instance);
  ASSERT_EQ(result.suggestions.size(), 1u);
  const Suggestion& suggestion = result.suggestions[0];
  EXPECT_EQ(suggestion.candidate_id, 20);
  EXPECT_EQ(suggestion.skill, "meal");
  EXPECT_DOUBLE_EQ(suggestion.distance_metres, 400.0);
  EXPECT_EQ(suggestion.window, Hours(0, 9, 10));
  EXPECT_EQ(suggestion.weight_milli, 2700);  // 3 × (1 − 0.5 × 400 / 2000)
  EXPECT_FALSE(suggestion.fixed);
  EXPECT_TRUE(suggestion.better_not_used.empty());
  EXPECT_EQ(result.total_weight_milli, 2700);
  EXPECT_EQ(result.eligible_pairs, 2);
}

TEST(MatchingTest, CapacityIsTheFairnessCapAndIsExplained) {
  // Candidate 10 is nearest to both needs but takes one; need 1 weighs more.
  MatchingInstance instance;
  instance.needs = {MakeNeed(1, "visit", Hours(0, 9, 10), 2.0),
                    MakeNeed(2, "visit", Hours(1, 9, 10), 1.0)};
  instance.candidates = {MakeCandidate(10, {"visit"}, 1), MakeCandidate(20, {"visit"}, 1)};
  instance.reaches = {{0, 0, 0.0}, {1, 0, 0.0}, {1, 1, 2000.0}};
  const MatchingResult result = MustMatch(instance);
  EXPECT_EQ(PairsOf(result), (std::set<std::pair<int64_t, int64_t>>{{1, 10}, {2, 20}}));
  EXPECT_EQ(result.total_weight_milli, 2000 + 500);
  const Suggestion& second = result.suggestions[1];
  ASSERT_EQ(second.need_id, 2);
  ASSERT_EQ(second.better_not_used.size(), 1u);
  EXPECT_EQ(second.better_not_used[0].candidate_id, 10);
  EXPECT_EQ(second.better_not_used[0].weight_milli, 1000);
  EXPECT_EQ(second.better_not_used[0].reason, PassedOverReason::kAtCapacity);
  EXPECT_NE(DescribeSuggestion(second).find("#10（权重 1.000）本周已满额"), std::string::npos);
}

TEST(MatchingTest, OverlappingNeedsAreNotGivenToOnePerson) {
  // Candidate 10 could take both (capacity 2) but they overlap; need 2 goes to 20.
  MatchingInstance instance;
  instance.needs = {MakeNeed(1, "escort", Hours(2, 9, 11), 2.0),
                    MakeNeed(2, "escort", Hours(2, 10, 12), 1.0),
                    MakeNeed(3, "escort", Hours(2, 11, 12), 1.0)};
  instance.candidates = {MakeCandidate(10, {"escort"}, 2), MakeCandidate(20, {"escort"}, 2)};
  instance.reaches = {{0, 0, 0.0}, {1, 0, 0.0}, {1, 1, 1000.0}, {2, 0, 0.0}};
  const MatchingResult result = MustMatch(instance);
  // 10 takes 1 (9–11) and 3 (11–12, touching, not overlapping); 20 takes 2.
  EXPECT_EQ(PairsOf(result), (std::set<std::pair<int64_t, int64_t>>{{1, 10}, {2, 20}, {3, 10}}));
  EXPECT_EQ(result.total_weight_milli, 2000 + 750 + 1000);
  const auto second = std::find_if(result.suggestions.begin(), result.suggestions.end(),
                                   [](const Suggestion& s) { return s.need_id == 2; });
  ASSERT_EQ(second->better_not_used.size(), 1u);
  EXPECT_EQ(second->better_not_used[0].reason, PassedOverReason::kBusyAtThatTime);
  EXPECT_EQ(second->better_not_used[0].busy_with_need_id, 1);
  EXPECT_NE(DescribeSuggestion(*second).find("该时段已安排需求 #1"), std::string::npos);
}

TEST(MatchingTest, ImprovementFindsTheOptimumGreedyMisses) {
  // Greedy takes (1, A) = 10 and leaves need 2 without anyone; the optimum is (1, B) + (2, A).
  MatchingInstance instance;
  instance.needs = {MakeNeed(1, "x", Hours(0, 8, 9), 10.0),
                    MakeNeed(2, "x", Hours(0, 10, 11), 8.0)};
  instance.candidates = {MakeCandidate(1, {"x"}), MakeCandidate(2, {"x"})};
  MatchingOptions options;
  options.distance_decay = 0.0;
  instance.reaches = {{0, 0, 0.0}, {0, 1, 0.0}, {1, 0, 0.0}};
  instance.needs[0].priority = 10.0;
  // Make (1, B) a little lighter than (1, A) through the decay.
  options.distance_decay = 0.1;
  instance.reaches[1].distance_metres = 2000.0;  // 10 × 0.9 = 9
  MatchingOptions greedy_only = options;
  greedy_only.max_improvement_passes = 0;
  EXPECT_EQ(MustMatch(instance, greedy_only).total_weight_milli, 10000);
  const MatchingResult result = MustMatch(instance, options);
  EXPECT_EQ(result.total_weight_milli, 9000 + 8000);
  EXPECT_EQ(PairsOf(result), (std::set<std::pair<int64_t, int64_t>>{{1, 2}, {2, 1}}));
  EXPECT_TRUE(result.unfilled.empty());
}

TEST(MatchingTest, DistanceSkillAndAvailabilityPrune) {
  MatchingInstance instance;
  instance.needs = {MakeNeed(1, "meal", Hours(3, 9, 10))};
  instance.candidates = {
      MakeCandidate(10, {"meal"}),                                                   // too far
      MakeCandidate(20, {"repair"}),                                                 // no skill
      MakeCandidate(30, {"meal"}, 1, {Hours(3, 6, 9), {3 * kDay + 541, 4 * kDay}}),  // not 9:00
      MakeCandidate(40, {"meal"}, 1, {Hours(3, 8, 10)}),                             // covers
      MakeCandidate(50, {"meal"}, 1, {Hours(3, 9, 10)}),  // covers exactly, but beyond 2 km
  };
  instance.reaches = {{0, 0, 2500.0}, {0, 1, 10.0}, {0, 2, 10.0}, {0, 3, 1900.0}, {0, 4, 2000.5}};
  const MatchingResult result = MustMatch(instance);
  EXPECT_EQ(result.eligible_pairs, 1);
  ASSERT_EQ(result.suggestions.size(), 1u);
  EXPECT_EQ(result.suggestions[0].candidate_id, 40);

  instance.reaches = {{0, 0, 2500.0}, {0, 1, 10.0}, {0, 2, 10.0}};
  const MatchingResult none = MustMatch(instance);
  EXPECT_TRUE(none.suggestions.empty());
  ASSERT_EQ(none.unfilled.size(), 1u);
  EXPECT_EQ(none.unfilled[0].eligible_candidates, 0);
}

TEST(MatchingTest, ANeedWantingSeveralGetsTheBestSeveral) {
  MatchingInstance instance;
  instance.needs = {MakeNeed(1, "activity", Hours(5, 14, 17), 1.0, 2)};
  instance.candidates = {MakeCandidate(3, {"activity"}), MakeCandidate(1, {"activity"}),
                         MakeCandidate(2, {"activity"})};
  instance.reaches = {{0, 0, 100.0}, {0, 1, 900.0}, {0, 2, 100.0}};
  const MatchingResult result = MustMatch(instance);
  EXPECT_EQ(PairsOf(result), (std::set<std::pair<int64_t, int64_t>>{{1, 2}, {1, 3}}));
  // Heaviest first, ties by candidate id.
  EXPECT_EQ(result.suggestions[0].candidate_id, 2);
  EXPECT_EQ(result.suggestions[1].candidate_id, 3);
}

TEST(MatchingTest, FixedAssignmentsAreKeptAndTakeTimeAndCapacity) {
  MatchingInstance instance;
  instance.needs = {MakeNeed(1, "meal", Hours(0, 9, 10)), MakeNeed(2, "meal", Hours(1, 9, 10)),
                    MakeNeed(3, "meal", Hours(2, 9, 10))};
  instance.candidates = {MakeCandidate(10, {"meal"}, 2), MakeCandidate(20, {"meal"}, 2)};
  instance.reaches = {{0, 0, 0.0},    {0, 1, 1000.0}, {1, 0, 0.0},
                      {1, 1, 1000.0}, {2, 0, 0.0},    {2, 1, 1000.0}};
  // The worker accepted 20 for need 1 (10 was nearer); need 99 of another community keeps 10
  // busy on Tuesday 09:30–10:30.
  instance.fixed = {{1, 20, Hours(0, 9, 10)}, {99, 10, {kDay + 570, kDay + 630}}};
  const MatchingResult result = MustMatch(instance);
  EXPECT_EQ(PairsOf(result), (std::set<std::pair<int64_t, int64_t>>{{1, 20}, {2, 20}, {3, 10}}));
  ASSERT_EQ(result.suggestions[0].need_id, 1);
  EXPECT_TRUE(result.suggestions[0].fixed);
  EXPECT_EQ(result.suggestions[0].weight_milli, 750);
  EXPECT_NE(DescribeSuggestion(result.suggestions[0]).find("已确认"), std::string::npos);
  const Suggestion& second = result.suggestions[1];
  EXPECT_FALSE(second.fixed);
  ASSERT_EQ(second.better_not_used.size(), 1u);
  EXPECT_EQ(second.better_not_used[0].reason, PassedOverReason::kBusyAtThatTime);
  EXPECT_EQ(second.better_not_used[0].busy_with_need_id, 99);
  EXPECT_EQ(result.total_weight_milli, 750 + 750 + 1000);

  // A fixed assignment beyond the capacity is still kept; nothing is added on top.
  instance.fixed = {{97, 10, Hours(4, 9, 10)}, {98, 10, Hours(5, 9, 10)}};
  const MatchingResult full = MustMatch(instance);
  for (const Suggestion& suggestion : full.suggestions) EXPECT_EQ(suggestion.candidate_id, 20);
}

TEST(MatchingTest, ResultDoesNotDependOnInputOrder) {
  std::mt19937 random(5);
  MatchingInstance instance;
  for (int64_t id = 1; id <= 12; ++id)
    instance.needs.push_back(MakeNeed(id, id % 2 ? "a" : "b", Hours(id % 3, 9, 11)));
  for (int64_t id = 1; id <= 6; ++id)
    instance.candidates.push_back(MakeCandidate(100 + id, {"a", "b"}, 2));
  for (int32_t n = 0; n < 12; ++n) {
    for (int32_t c = 0; c < 6; ++c) instance.reaches.push_back({n, c, 100.0 * ((n + c) % 4)});
  }
  const MatchingResult first = MustMatch(instance);

  MatchingInstance shuffled = instance;
  std::vector<int32_t> need_perm(12), candidate_perm(6);
  std::iota(need_perm.begin(), need_perm.end(), 0);
  std::iota(candidate_perm.begin(), candidate_perm.end(), 0);
  std::shuffle(need_perm.begin(), need_perm.end(), random);
  std::shuffle(candidate_perm.begin(), candidate_perm.end(), random);
  for (int32_t i = 0; i < 12; ++i) shuffled.needs[need_perm[i]] = instance.needs[i];
  for (int32_t i = 0; i < 6; ++i) shuffled.candidates[candidate_perm[i]] = instance.candidates[i];
  for (Reach& reach : shuffled.reaches) {
    reach.need = need_perm[reach.need];
    reach.candidate = candidate_perm[reach.candidate];
  }
  std::shuffle(shuffled.reaches.begin(), shuffled.reaches.end(), random);
  const MatchingResult second = MustMatch(shuffled);
  EXPECT_EQ(first.total_weight_milli, second.total_weight_milli);
  ASSERT_EQ(first.suggestions.size(), second.suggestions.size());
  for (size_t i = 0; i < first.suggestions.size(); ++i) {
    EXPECT_EQ(first.suggestions[i].need_id, second.suggestions[i].need_id);
    EXPECT_EQ(first.suggestions[i].candidate_id, second.suggestions[i].candidate_id);
  }
}

TEST(MatchingTest, InvalidInputIsRefused) {
  MatchingInstance instance;
  instance.needs = {MakeNeed(1, "a", Hours(0, 9, 10)), MakeNeed(1, "a", Hours(0, 9, 10))};
  EXPECT_EQ(Match(instance).error().field, "needs");
  instance.needs = {MakeNeed(1, "a", {600, 600})};
  EXPECT_EQ(Match(instance).error().field, "needs");
  instance.needs = {MakeNeed(1, "a", {kMinutesPerWeek - 10, kMinutesPerWeek + 10})};
  EXPECT_EQ(Match(instance).error().field, "needs");
  instance.needs = {MakeNeed(1, "a", Hours(0, 9, 10), 0.0)};
  EXPECT_EQ(Match(instance).error().field, "needs");
  instance.needs = {MakeNeed(1, "a", Hours(0, 9, 10))};
  instance.candidates = {MakeCandidate(2, {"a"}, -1)};
  EXPECT_EQ(Match(instance).error().field, "candidates");
  instance.candidates = {MakeCandidate(2, {"a"})};
  instance.reaches = {{0, 1, 0.0}};
  EXPECT_EQ(Match(instance).error().field, "reaches");
  instance.reaches = {{0, 0, 0.0}};
  instance.fixed = {{1, 3, Hours(0, 9, 10)}};
  EXPECT_EQ(Match(instance).error().field, "fixed");
  instance.fixed.clear();
  MatchingOptions options;
  options.max_distance_metres = 0.0;
  EXPECT_EQ(Match(instance, options).error().field, "max_distance_metres");
  EXPECT_TRUE(Match(instance).ok());
}

TEST(MatchingTest, BuildReachesAsksOnlyAboutPairsWithSkillAndTime) {
  std::vector<Need> needs = {MakeNeed(1, "a", Hours(0, 9, 10)), MakeNeed(2, "b", Hours(0, 9, 10))};
  needs[0].location = {0, 0.0, 0.0};
  needs[1].location = {1, 0.0, 0.0};
  std::vector<Candidate> candidates = {MakeCandidate(10, {"a", "b"}),
                                       MakeCandidate(20, {"a"}, 1, {Hours(1, 0, 24)}),
                                       MakeCandidate(30, {"b"}), MakeCandidate(40, {"a"})};
  candidates[0].location = {5, 300.0, 400.0};
  candidates[2].location = {6, 3000.0, 0.0};
  candidates[3].location = {-1, 0.0, 0.0};
  int32_t calls = 0;
  const DistanceFunction straight_line = [&](const Location& from,
                                             const Location& to) -> std::optional<double> {
    ++calls;
    if (to.node < 0) return std::nullopt;  // e.g. not on the network
    return std::hypot(from.x_metres - to.x_metres, from.y_metres - to.y_metres);
  };
  const std::vector<Reach> reaches = BuildReaches(needs, candidates, 2000.0, straight_line);
  EXPECT_EQ(calls, 4);  // (1,10), (1,40), (2,10), (2,30); 20 is away on Monday
  ASSERT_EQ(reaches.size(), 2u);
  EXPECT_EQ(reaches[0].need, 0);
  EXPECT_EQ(reaches[0].candidate, 0);
  EXPECT_DOUBLE_EQ(reaches[0].distance_metres, 500.0);
  EXPECT_EQ(reaches[1].need, 1);
  EXPECT_EQ(reaches[1].candidate, 0);
}

TEST(MatchingTest, DescribeSuggestionSaysSkillDistanceWindowAndWeight) {
  Suggestion suggestion;
  suggestion.skill = "助餐";
  suggestion.distance_metres = 849.6;
  suggestion.window = Hours(1, 9, 11);
  suggestion.weight_milli = 3150;
  EXPECT_EQ(DescribeSuggestion(suggestion), "技能 助餐；距离 850 米；周二 09:00–11:00；权重 3.150");
  suggestion.window = {kDay - 60, kDay + 60};
  EXPECT_NE(DescribeSuggestion(suggestion).find("周一 23:00–周二 01:00"), std::string::npos);
}

TEST(MatchingTest, RandomInstancesKeepFixedAssignmentsAndStayFeasibleAroundThem) {
  std::mt19937 random(44);
  for (int32_t trial = 0; trial < 100; ++trial) {
    MatchingInstance instance;
    for (int32_t n = 0; n < 12; ++n) {
      const int32_t start = static_cast<int32_t>(random() % 10) * 60;
      instance.needs.push_back(MakeNeed(n + 1, random() % 2 ? "a" : "b", {start, start + 120},
                                        1.0 + static_cast<double>(random() % 5),
                                        1 + static_cast<int32_t>(random() % 2)));
    }
    for (int32_t c = 0; c < 6; ++c) {
      instance.candidates.push_back(
          MakeCandidate(100 + c, {"a", "b"}, 1 + static_cast<int32_t>(random() % 3)));
    }
    for (int32_t n = 0; n < 12; ++n) {
      for (int32_t c = 0; c < 6; ++c) {
        if (random() % 3 != 0)
          instance.reaches.push_back({n, c, static_cast<double>(random() % 2000)});
      }
    }
    // Fixed: a few pairs of this instance's needs and of needs elsewhere (ids 900+).
    for (int32_t f = 0; f < 4; ++f) {
      const Need& need = instance.needs[random() % 12];
      instance.fixed.push_back({need.id, 100 + static_cast<int64_t>(random() % 6), need.window});
      const int32_t start = static_cast<int32_t>(random() % 10) * 60;
      instance.fixed.push_back(
          {900 + f, 100 + static_cast<int64_t>(random() % 6), {start, start + 90}});
    }
    const MatchingResult result = MustMatch(instance);
    std::set<std::pair<int64_t, int64_t>> fixed_pairs;
    std::map<int64_t, std::vector<TimeWindow>> taken;  // by candidate: fixed first
    std::map<int64_t, int32_t> fixed_count;
    for (const FixedAssignment& fixed : instance.fixed) {
      if (!fixed_pairs.insert({fixed.need_id, fixed.candidate_id}).second) continue;
      taken[fixed.candidate_id].push_back(fixed.window);
      ++fixed_count[fixed.need_id];
    }
    std::map<int64_t, int32_t> need_count;
    int32_t fixed_reported = 0;
    for (const Suggestion& suggestion : result.suggestions) {
      ++need_count[suggestion.need_id];
      if (suggestion.fixed) {
        ++fixed_reported;
        EXPECT_TRUE(fixed_pairs.count({suggestion.need_id, suggestion.candidate_id}));
        continue;
      }
      auto& windows = taken[suggestion.candidate_id];
      const Candidate& candidate = instance.candidates[suggestion.candidate_id - 100];
      EXPECT_LT(static_cast<int32_t>(windows.size()), candidate.capacity) << "trial " << trial;
      for (const TimeWindow& other : windows)
        EXPECT_FALSE(other.Overlaps(suggestion.window)) << "trial " << trial;
      windows.push_back(suggestion.window);
    }
    int32_t fixed_here = 0;
    for (const auto& [need_id, candidate_id] : fixed_pairs) fixed_here += need_id < 900 ? 1 : 0;
    EXPECT_EQ(fixed_reported, fixed_here);
    for (const Need& need : instance.needs) {
      // New suggestions never push a need past its wanted count (fixed ones may already).
      EXPECT_LE(need_count[need.id], std::max(need.wanted, fixed_count[need.id]));
    }
  }
}

// Randomized: tiny instances against the optimum by enumeration.
struct Eligible {
  int32_t need;
  int32_t candidate;
  int64_t weight;
};

bool Feasible(const MatchingInstance& instance, const std::vector<Eligible>& pairs,
              uint32_t subset) {
  std::vector<int32_t> need_count(instance.needs.size(), 0);
  std::vector<std::vector<TimeWindow>> taken(instance.candidates.size());
  for (size_t i = 0; i < pairs.size(); ++i) {
    if (!(subset >> i & 1u)) continue;
    const Eligible& pair = pairs[i];
    const TimeWindow& window = instance.needs[pair.need].window;
    if (++need_count[pair.need] > instance.needs[pair.need].wanted) return false;
    auto& windows = taken[pair.candidate];
    if (static_cast<int32_t>(windows.size()) >= instance.candidates[pair.candidate].capacity)
      return false;
    for (const TimeWindow& other : windows) {
      if (other.Overlaps(window)) return false;
    }
    windows.push_back(window);
  }
  return true;
}

TEST(MatchingTest, RandomTinyInstancesAreFeasibleAndNearTheBruteForceOptimum) {
  std::mt19937 random(2026);
  const MatchingOptions options;
  int32_t optimal = 0;
  int64_t engine_sum = 0;
  int64_t optimum_sum = 0;
  constexpr int32_t kTrials = 300;
  for (int32_t trial = 0; trial < kTrials; ++trial) {
    MatchingInstance instance;
    const int32_t need_count = 2 + static_cast<int32_t>(random() % 4);
    const int32_t candidate_count = 2 + static_cast<int32_t>(random() % 3);
    const std::vector<std::string> skills = {"a", "b"};
    for (int32_t n = 0; n < need_count; ++n) {
      const int32_t start = static_cast<int32_t>(random() % 6) * 60;
      const int32_t length = 60 + static_cast<int32_t>(random() % 3) * 60;
      instance.needs.push_back(MakeNeed(n + 1, skills[random() % 2], {start, start + length},
                                        1.0 + static_cast<double>(random() % 5),
                                        1 + static_cast<int32_t>(random() % 2)));
    }
    for (int32_t c = 0; c < candidate_count; ++c) {
      std::vector<std::string> own = {skills[random() % 2]};
      if (random() % 3 == 0) own = skills;
      const int32_t from = static_cast<int32_t>(random() % 2) * 120;
      instance.candidates.push_back(
          MakeCandidate(50 + c, own, 1 + static_cast<int32_t>(random() % 3), {{from, from + 480}}));
    }
    for (int32_t n = 0; n < need_count; ++n) {
      for (int32_t c = 0; c < candidate_count; ++c) {
        if (random() % 5 == 0) continue;
        instance.reaches.push_back({n, c, static_cast<double>(random() % 2600)});
      }
    }
    // Eligible pairs, independently of the engine.
    std::vector<Eligible> pairs;
    std::map<std::pair<int64_t, int64_t>, int32_t> pair_of_ids;
    for (const Reach& reach : instance.reaches) {
      const Need& need = instance.needs[reach.need];
      const Candidate& candidate = instance.candidates[reach.candidate];
      if (reach.distance_metres > options.max_distance_metres) continue;
      if (std::find(candidate.skills.begin(), candidate.skills.end(), need.skill) ==
          candidate.skills.end())
        continue;
      if (!candidate.availability[0].Covers(need.window)) continue;
      pair_of_ids[{need.id, candidate.id}] = static_cast<int32_t>(pairs.size());
      pairs.push_back({reach.need, reach.candidate,
                       PairWeightMilli(need.priority, reach.distance_metres, options)});
    }
    ASSERT_LE(pairs.size(), 20u);
    int64_t optimum = 0;
    for (uint32_t subset = 0; subset < (1u << pairs.size()); ++subset) {
      if (!Feasible(instance, pairs, subset)) continue;
      int64_t total = 0;
      for (size_t i = 0; i < pairs.size(); ++i) {
        if (subset >> i & 1u) total += pairs[i].weight;
      }
      optimum = std::max(optimum, total);
    }

    const MatchingResult result = MustMatch(instance, options);
    uint32_t engine_subset = 0;
    int64_t total = 0;
    for (const Suggestion& suggestion : result.suggestions) {
      const auto found = pair_of_ids.find({suggestion.need_id, suggestion.candidate_id});
      ASSERT_NE(found, pair_of_ids.end()) << "trial " << trial << ": an ineligible pair";
      ASSERT_FALSE(engine_subset >> found->second & 1u);
      engine_subset |= 1u << found->second;
      EXPECT_EQ(suggestion.weight_milli, pairs[found->second].weight);
      total += suggestion.weight_milli;
    }
    EXPECT_TRUE(Feasible(instance, pairs, engine_subset)) << "trial " << trial;
    EXPECT_EQ(total, result.total_weight_milli);
    EXPECT_LE(total, optimum);
    EXPECT_GE(total * 10, optimum * 8) << "trial " << trial;  // within 20% on each
    if (total == optimum) ++optimal;
    engine_sum += total;
    optimum_sum += optimum;
  }
  // Measured: optimal in 299 of 300, 99.95% of the optimum's total.
  std::printf("optimal in %d of %d; total %lld of %lld\n", optimal, kTrials,
              static_cast<long long>(engine_sum), static_cast<long long>(optimum_sum));
  EXPECT_GE(optimal * 100, kTrials * 95);
  EXPECT_GE(engine_sum * 1000, optimum_sum * 995);
}

}  // namespace
}  // namespace linli::matching
