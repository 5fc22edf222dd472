#include "engines/accessibility/coverage.hpp"

#include <gtest/gtest.h>

namespace linli::accessibility {
namespace {

// Communities 0,1 in town 0 (county 0); community 2 in town 1 (county 1).
DivisionHierarchy Divisions() { return {{0, 0, 1}, {0, 1}, 2}; }

TEST(CoverageTest, CountsPerCommunityAndRollsUp) {
  const std::vector<int32_t> community = {0, 0, 0, 1, 1, 2, 2};
  const std::vector<uint8_t> residential = {1, 1, 0, 1, 1, 1, 1};
  const std::vector<uint32_t> served = {10, 30, 0, 5, 5, 0, 8};
  TargetDistances distances;
  distances.decimetres = {100, kUnreachable, 50, kUnreachable, kUnreachable, 10, 20};
  auto report = ComputeCoverage(Divisions(), {community, residential}, served, distances);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_FALSE(report->straight_line_fallback);

  EXPECT_EQ(report->communities[0], (CoverageCounts{40, 10, 2, 1}));
  EXPECT_DOUBLE_EQ(*report->communities[0].ResidentShare(), 0.25);
  EXPECT_DOUBLE_EQ(*report->communities[0].BuildingShare(), 0.5);
  EXPECT_EQ(report->communities[1], (CoverageCounts{10, 0, 2, 0}));
  EXPECT_EQ(report->communities[2], (CoverageCounts{8, 8, 2, 2}));
  EXPECT_EQ(report->towns[0], (CoverageCounts{50, 10, 4, 1}));
  EXPECT_EQ(report->towns[1], (CoverageCounts{8, 8, 2, 2}));
  EXPECT_EQ(report->counties[0], report->towns[0]);
  EXPECT_EQ(report->counties[1], report->towns[1]);
  EXPECT_EQ(report->city, (CoverageCounts{58, 18, 6, 3}));
  EXPECT_DOUBLE_EQ(*report->city.ResidentShare(), 18.0 / 58.0);
  EXPECT_DOUBLE_EQ(*report->city.BuildingShare(), 0.5);
  EXPECT_FALSE(CoverageCounts{}.ResidentShare().has_value());

  const auto uncovered = ListUncovered(residential, served, distances.decimetres);
  ASSERT_EQ(uncovered.size(), 3u);
  EXPECT_EQ(uncovered[0].building, 1);
  EXPECT_EQ(uncovered[0].served_residents, 30u);
  EXPECT_EQ(uncovered[1].building, 3);
  EXPECT_EQ(uncovered[2].building, 4);

  // A facility opens near community 1: recount it and replace.
  const std::vector<uint32_t> new_distances = {500, kUnreachable};
  const CoverageCounts counts = CountCoverage(std::span(residential).subspan(3, 2),
                                              std::span(served).subspan(3, 2), new_distances);
  EXPECT_EQ(counts, (CoverageCounts{10, 5, 2, 1}));
  ASSERT_TRUE(ReplaceCommunity(Divisions(), 1, counts, *report).ok());
  EXPECT_EQ(report->communities[1], counts);
  EXPECT_EQ(report->towns[0], (CoverageCounts{50, 15, 4, 2}));
  EXPECT_EQ(report->counties[0], (CoverageCounts{50, 15, 4, 2}));
  EXPECT_EQ(report->city, (CoverageCounts{58, 23, 6, 4}));
  EXPECT_EQ(report->counties[1], (CoverageCounts{8, 8, 2, 2}));
}

TEST(CoverageTest, CopiesTheFallbackFlag) {
  const std::vector<int32_t> community = {0};
  const std::vector<uint8_t> residential = {1};
  const std::vector<uint32_t> served = {3};
  TargetDistances distances{{kUnreachable}, true};
  auto report = ComputeCoverage(Divisions(), {community, residential}, served, distances);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->straight_line_fallback);
  EXPECT_EQ(report->city, (CoverageCounts{3, 0, 1, 0}));
}

TEST(CoverageTest, RejectsInconsistentInput) {
  const std::vector<int32_t> community = {0, 7};
  const std::vector<uint8_t> residential = {1, 1};
  const std::vector<uint32_t> served = {1, 1};
  TargetDistances distances{{0, 0}, false};
  auto bad_community = ComputeCoverage(Divisions(), {community, residential}, served, distances);
  ASSERT_FALSE(bad_community.ok());
  EXPECT_EQ(bad_community.error().field, "community");
  TargetDistances short_distances{{0}, false};
  EXPECT_FALSE(
      ComputeCoverage(Divisions(), {community, residential}, served, short_distances).ok());
  DivisionHierarchy broken{{0, 5}, {0}, 1};
  EXPECT_FALSE(ComputeCoverage(broken, {community, residential}, served, distances).ok());
  CoverageReport report;
  EXPECT_FALSE(ReplaceCommunity(Divisions(), 9, {}, report).ok());
}

}  // namespace
}  // namespace linli::accessibility
