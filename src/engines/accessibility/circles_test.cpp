#include "engines/accessibility/circles.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "engines/accessibility/test_networks.hpp"

namespace linli::accessibility {
namespace {

using testing::Offset;

TEST(CutoffTest, FromWalkingTimeAndDistance) {
  auto fifteen = CutoffFromWalkingTime(15.0, 1.2);
  ASSERT_TRUE(fifteen.ok());
  EXPECT_EQ(*fifteen, 10800u);  // 1080 m
  auto zero_speed = CutoffFromWalkingTime(15.0, 0.0);
  ASSERT_FALSE(zero_speed.ok());
  EXPECT_EQ(zero_speed.error().field, "speed");
  EXPECT_FALSE(CutoffFromWalkingTime(0.0, 1.2).ok());
  EXPECT_FALSE(CutoffFromWalkingTime(std::nan(""), 1.2).ok());
  EXPECT_EQ(*CutoffFromMetres(3000.0), 30000u);
  EXPECT_FALSE(CutoffFromMetres(-1.0).ok());
  EXPECT_FALSE(CutoffFromMetres(50000.0).ok());
}

TEST(CircleCalculatorTest, NetworkDistancesUseBothEndpointsAndTheSameEdge) {
  // A line of 5 nodes, 100 m apart; facility 10 m north of the point 50 m along the first edge.
  WalkingNetworkBuilder builder;
  for (int i = 0; i < 5; ++i) builder.AddNode(Offset(i * 100.0, 0));
  const int32_t way[] = {0, 1, 2, 3, 4};
  builder.AddWay(way);
  const WalkingNetwork network = std::move(builder.Build()).value();
  const EdgeIndex index(network);
  const std::vector<LatLon> facility_positions = {Offset(50.0, 10.0)};
  const std::vector<LatLon> building_positions = {
      Offset(80.0, -20.0),   // same edge: 10 + 30 + 20 = 60 m
      Offset(250.0, 15.0),   // third edge middle: 10 + 50 + 100 + 50 + 15 = 225 m
      Offset(400.0, 30.0)};  // beyond the last node: 10 + 350 + ~30 = 390 m
  const auto facility_snaps = index.SnapPoints(facility_positions);
  const auto building_snaps = index.SnapPoints(building_positions);
  CircleCalculator calculator(&network);
  const CircleTask tasks[] = {{{facility_positions, facility_snaps}, 3000}};
  auto result = calculator.AllTargets({building_positions, building_snaps}, tasks);
  ASSERT_TRUE(result.ok()) << result.error().message;
  ASSERT_EQ(result->size(), 1u);
  const TargetDistances& distances = (*result)[0];
  EXPECT_FALSE(distances.straight_line_fallback);
  EXPECT_NEAR(distances.decimetres[0], 600.0, 5.0);
  EXPECT_NEAR(distances.decimetres[1], 2250.0, 8.0);
  EXPECT_EQ(distances.decimetres[2], kUnreachable);  // 390 m > 300 m

  const CircleTask wide[] = {{{facility_positions, facility_snaps}, 4000}};
  auto wider = calculator.AllTargets({building_positions, building_snaps}, wide);
  ASSERT_TRUE(wider.ok());
  EXPECT_NEAR((*wider)[0].decimetres[2], 3900.0, 10.0);
}

TEST(CircleCalculatorTest, StraightLineFallbackIsFlaggedAndUsesTheDetourFactor) {
  CircleCalculator calculator(nullptr);
  EXPECT_FALSE(calculator.has_network());
  const std::vector<LatLon> facilities = {Offset(0, 0), Offset(5000, 0)};
  const std::vector<LatLon> buildings = {Offset(300, 400), Offset(2500, 0), Offset(4900, 100)};
  const CircleTask tasks[] = {{{facilities, {}}, 10800}};
  auto result = calculator.AllTargets({buildings, {}}, tasks);
  ASSERT_TRUE(result.ok()) << result.error().message;
  const TargetDistances& distances = (*result)[0];
  EXPECT_TRUE(distances.straight_line_fallback);
  EXPECT_EQ(
      distances.decimetres[0],
      MetresToDecimetres(HaversineMetres(Offset(0, 0), Offset(300, 400)) * kDefaultDetourFactor));
  EXPECT_NEAR(distances.decimetres[0], 6500.0, 5.0);  // 500 m × 1.3
  EXPECT_EQ(distances.decimetres[1], kUnreachable);   // 2.5 km × 1.3 > 1080 m
  EXPECT_NEAR(distances.decimetres[2], std::hypot(100.0, 100.0) * 13.0, 3.0);
}

TEST(CircleCalculatorTest, FallbackMatchesBruteForce) {
  std::mt19937 random(3);
  std::uniform_real_distribution<double> coordinate(0.0, 8000.0);
  std::vector<LatLon> facilities, buildings;
  for (int i = 0; i < 40; ++i) facilities.push_back(Offset(coordinate(random), coordinate(random)));
  for (int i = 0; i < 2000; ++i)
    buildings.push_back(Offset(coordinate(random), coordinate(random)));
  CircleCalculator calculator(nullptr, {.thread_count = 2, .detour_factor = 1.3});
  const CircleTask tasks[] = {{{facilities, {}}, 10800}, {{facilities, {}}, 30000}};
  auto result = calculator.AllTargets({buildings, {}}, tasks);
  ASSERT_TRUE(result.ok());
  for (size_t task = 0; task < 2; ++task) {
    for (size_t b = 0; b < buildings.size(); ++b) {
      double best = 1e300;
      for (const LatLon& f : facilities) best = std::min(best, HaversineMetres(f, buildings[b]));
      const uint32_t expected = MetresToDecimetres(best * 1.3);
      const uint32_t got = (*result)[task].decimetres[b];
      if (expected <= tasks[task].cutoff_decimetres) {
        EXPECT_EQ(got, expected);
      } else {
        EXPECT_EQ(got, kUnreachable);
      }
    }
  }
}

TEST(CircleCalculatorTest, ParallelTasksAndCommunityRecomputeAgree) {
  const WalkingNetwork network = testing::RandomNetwork(42, 3000, 6000.0);
  const EdgeIndex index(network);
  std::mt19937 random(9);
  std::uniform_real_distribution<double> coordinate(0.0, 6000.0);
  std::vector<LatLon> buildings;
  for (int i = 0; i < 3000; ++i)
    buildings.push_back(Offset(coordinate(random), coordinate(random)));
  const auto building_snaps = index.SnapPoints(buildings);
  std::vector<std::vector<LatLon>> facilities(5);
  std::vector<std::vector<Snap>> facility_snaps(5);
  std::vector<CircleTask> tasks;
  for (int type = 0; type < 5; ++type) {
    for (int i = 0; i < 3 + 4 * type; ++i)
      facilities[type].push_back(Offset(coordinate(random), coordinate(random)));
    facility_snaps[type] = index.SnapPoints(facilities[type]);
  }
  for (int type = 0; type < 5; ++type) {
    tasks.push_back(
        {{facilities[type], facility_snaps[type]}, static_cast<uint32_t>(8000 + 4000 * type)});
  }
  CircleCalculator parallel(&network, {.thread_count = 2});
  CircleCalculator serial(&network, {.thread_count = 1});
  auto all = parallel.AllTargets({buildings, building_snaps}, tasks);
  auto one = serial.AllTargets({buildings, building_snaps}, tasks);
  ASSERT_TRUE(all.ok());
  ASSERT_TRUE(one.ok());
  size_t covered = 0;
  for (size_t task = 0; task < tasks.size(); ++task) {
    EXPECT_EQ((*all)[task].decimetres, (*one)[task].decimetres);
    for (uint32_t d : (*all)[task].decimetres) covered += d != kUnreachable;
  }
  EXPECT_GT(covered, 1000u);  // the test means something: many targets are within reach

  // "Communities": buildings in 1 km squares; the pruned recompute gives the same distances.
  for (int square = 0; square < 36; ++square) {
    std::vector<Snap> subset;
    std::vector<size_t> members;
    for (size_t b = 0; b < buildings.size(); ++b) {
      const PlanePoint p = network.projection().Project(buildings[b]);
      const PlanePoint o =
          network.projection().Project(Offset((square % 6) * 1000.0, (square / 6) * 1000.0));
      if (p.x >= o.x && p.x < o.x + 1000 && p.y >= o.y && p.y < o.y + 1000) {
        subset.push_back(building_snaps[b]);
        members.push_back(b);
      }
    }
    for (size_t task = 0; task < tasks.size(); ++task) {
      auto local = serial.SomeTargets({{}, subset}, tasks[task]);
      ASSERT_TRUE(local.ok());
      for (size_t k = 0; k < members.size(); ++k) {
        ASSERT_EQ(local->decimetres[k], (*all)[task].decimetres[members[k]])
            << "square " << square << " task " << task;
      }
    }
  }
}

TEST(CircleCalculatorTest, RejectsBadTasks) {
  const WalkingNetwork network = testing::GridNetwork(3, 3, 100.0);
  CircleCalculator calculator(&network);
  const std::vector<Snap> unsnapped(1);
  const CircleTask zero[] = {{{}, 0}};
  auto result = calculator.AllTargets({}, zero);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().field, "cutoff");
  const CircleTask bad_source[] = {{{{}, unsnapped}, 100}};
  auto unsnapped_result = calculator.AllTargets({}, bad_source);
  ASSERT_FALSE(unsnapped_result.ok());
  EXPECT_EQ(unsnapped_result.error().field, "sources");

  CircleCalculator fallback(nullptr);
  const std::vector<LatLon> outside = {{10.0, 10.0}};
  const CircleTask task[] = {{{outside, {}}, 100}};
  EXPECT_FALSE(fallback.AllTargets({}, task).ok());
}

}  // namespace
}  // namespace linli::accessibility
