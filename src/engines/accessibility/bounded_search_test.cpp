#include "engines/accessibility/bounded_search.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "engines/accessibility/test_networks.hpp"

namespace linli::accessibility {
namespace {

using testing::Offset;

// A line 0 - 1 - 2 - 3 - 4 with 100 m between neighbours.
WalkingNetwork Line() {
  WalkingNetworkBuilder builder;
  for (int i = 0; i < 5; ++i) builder.AddNode(Offset(i * 100.0, 0));
  const int32_t way[] = {0, 1, 2, 3, 4};
  builder.AddWay(way);
  return std::move(builder.Build()).value();
}

TEST(BoundedSearchTest, DistancesOnALineStopAtTheCutoff) {
  const WalkingNetwork network = Line();
  std::vector<uint32_t> prefix(5, 0);  // exact decimetres from input node 0
  for (int i = 1; i < 5; ++i) {
    prefix[i] = prefix[i - 1] + MetresToDecimetres(HaversineMetres(Offset((i - 1) * 100.0, 0),
                                                                   Offset(i * 100.0, 0)));
  }
  BoundedSearch search(network);
  const Seed seeds[] = {{network.NodeOfInputId(0), 0}};
  search.Run(seeds, prefix[2]);  // exactly the distance of node 2: reached, node 3 not
  EXPECT_EQ(search.Distance(network.NodeOfInputId(0)), 0u);
  EXPECT_EQ(search.Distance(network.NodeOfInputId(1)), prefix[1]);
  EXPECT_EQ(search.Distance(network.NodeOfInputId(2)), prefix[2]);
  EXPECT_EQ(search.Distance(network.NodeOfInputId(3)), kUnreachable);
  EXPECT_EQ(search.Distance(network.NodeOfInputId(4)), kUnreachable);
  EXPECT_EQ(search.settled().size(), 3u);

  search.Run(seeds, prefix[2] - 1);
  EXPECT_EQ(search.Distance(network.NodeOfInputId(2)), kUnreachable);
  EXPECT_EQ(search.Distance(network.NodeOfInputId(1)), prefix[1]);
}

TEST(BoundedSearchTest, NearestOfSeveralSeedsWithInitialDistances) {
  const WalkingNetwork network = Line();
  BoundedSearch search(network);
  const uint32_t edge = network.ArcsOf(network.NodeOfInputId(0))[0].length_decimetres;
  // Seed at node 0 with 0, at node 4 with 50 m already walked.
  const Seed seeds[] = {{network.NodeOfInputId(0), 0}, {network.NodeOfInputId(4), 500}};
  search.Run(seeds, 100000);
  EXPECT_EQ(search.Distance(network.NodeOfInputId(4)), 500u);
  EXPECT_NEAR(search.Distance(network.NodeOfInputId(3)), 500.0 + edge, 2.0);
  EXPECT_NEAR(search.Distance(network.NodeOfInputId(1)), edge, 2.0);
  // Node 2: 2 edges from node 0 (≈2000) versus 500 + 2 edges from node 4.
  EXPECT_NEAR(search.Distance(network.NodeOfInputId(2)), 2.0 * edge, 2.0);
  // A seed beyond the cutoff is ignored; an earlier run's labels do not leak.
  const Seed far[] = {{network.NodeOfInputId(4), 5000}};
  search.Run(far, 4000);
  for (int32_t node = 0; node < network.node_count(); ++node) {
    EXPECT_EQ(search.Distance(node), kUnreachable);
  }
}

TEST(BoundedSearchTest, MatchesTextbookDijkstraOnRandomGraphs) {
  std::mt19937 random(7);
  for (uint32_t graph = 0; graph < 20; ++graph) {
    const WalkingNetwork network = testing::RandomNetwork(100 + graph, 400, 3000.0);
    BoundedSearch search(network);
    std::uniform_int_distribution<int32_t> pick(0, network.node_count() - 1);
    std::uniform_int_distribution<uint32_t> initial(0, 3000);
    for (int round = 0; round < 5; ++round) {
      std::vector<Seed> seeds;
      const int seed_count = 1 + round * 3;
      for (int s = 0; s < seed_count; ++s) seeds.push_back({pick(random), initial(random)});
      const uint32_t cutoff = 2000 + 4000 * static_cast<uint32_t>(round);
      search.Run(seeds, cutoff);
      const auto expected = testing::TextbookDistances(network, seeds);
      size_t within = 0;
      for (int32_t node = 0; node < network.node_count(); ++node) {
        if (expected[node] <= cutoff) {
          ++within;
          ASSERT_EQ(search.Distance(node), expected[node]) << "graph " << graph << " node " << node;
        } else {
          ASSERT_EQ(search.Distance(node), kUnreachable) << "graph " << graph << " node " << node;
        }
      }
      EXPECT_EQ(search.settled().size(), within);
    }
  }
}

TEST(BoundedSearchTest, PruningTowardsAGoalKeepsDistancesInsideTheGoal) {
  std::mt19937 random(11);
  for (uint32_t graph = 0; graph < 10; ++graph) {
    const WalkingNetwork network = testing::RandomNetwork(500 + graph, 600, 4000.0);
    BoundedSearch pruned(network);
    BoundedSearch full(network);
    std::uniform_int_distribution<int32_t> pick(0, network.node_count() - 1);
    std::vector<Seed> seeds;
    for (int s = 0; s < 6; ++s) seeds.push_back({pick(random), 0});
    const PlanePoint centre = network.PlanePosition(pick(random));
    const PlaneBox goal{centre.x - 300, centre.y - 300, centre.x + 300, centre.y + 300};
    const uint32_t cutoff = 15000;
    pruned.Run(seeds, cutoff, &goal);
    full.Run(seeds, cutoff);
    for (int32_t node = 0; node < network.node_count(); ++node) {
      const PlanePoint p = network.PlanePosition(node);
      const bool inside =
          p.x >= goal.min_x && p.x <= goal.max_x && p.y >= goal.min_y && p.y <= goal.max_y;
      if (inside) {
        ASSERT_EQ(pruned.Distance(node), full.Distance(node));
      }
    }
    EXPECT_LE(pruned.settled().size(), full.settled().size());
  }
}

TEST(BoundedSearchTest, RunTowardsGivesTheTargetsTheirExactDistances) {
  std::mt19937 random(23);
  for (uint32_t graph = 0; graph < 10; ++graph) {
    const WalkingNetwork network = testing::RandomNetwork(700 + graph, 800, 4000.0);
    BoundedSearch towards(network);
    BoundedSearch full(network);
    std::uniform_int_distribution<int32_t> pick(0, network.node_count() - 1);
    std::uniform_int_distribution<uint32_t> cost(0, 400);
    std::vector<Seed> seeds;
    for (int s = 0; s < 8; ++s) seeds.push_back({pick(random), cost(random)});
    // Targets: points on the edges whose two ends lie in a 600 m square.
    const PlanePoint centre = network.PlanePosition(pick(random));
    PlaneBox goal{1e300, 1e300, -1e300, -1e300};
    std::vector<Snap> targets;
    for (int32_t e = 0; e < network.edge_count(); ++e) {
      const Edge& edge = network.EdgeAt(e);
      const PlanePoint a = network.PlanePosition(edge.from);
      const PlanePoint b = network.PlanePosition(edge.to);
      if (std::abs(a.x - centre.x) > 300 || std::abs(a.y - centre.y) > 300 ||
          std::abs(b.x - centre.x) > 300 || std::abs(b.y - centre.y) > 300) {
        continue;
      }
      Snap snap;
      snap.edge = e;
      snap.from = edge.from;
      snap.to = edge.to;
      snap.edge_decimetres = edge.length_decimetres;
      snap.along_decimetres = edge.length_decimetres / 3;
      snap.offset_decimetres = cost(random);
      targets.push_back(snap);
      goal = {std::min({goal.min_x, a.x, b.x}), std::min({goal.min_y, a.y, b.y}),
              std::max({goal.max_x, a.x, b.x}), std::max({goal.max_y, a.y, b.y})};
    }
    if (targets.empty()) continue;
    for (const uint32_t cutoff : {3000u, 8000u, 20000u}) {
      towards.RunTowards(seeds, cutoff, goal, targets);
      full.Run(seeds, cutoff);
      auto best = [&](const BoundedSearch& search, const Snap& t) {
        uint64_t value = kUnreachable;
        if (search.Distance(t.from) != kUnreachable) {
          value = uint64_t{search.Distance(t.from)} + t.CostToFrom();
        }
        if (search.Distance(t.to) != kUnreachable) {
          value = std::min(value, uint64_t{search.Distance(t.to)} + t.CostToTo());
        }
        return value <= cutoff ? value : uint64_t{kUnreachable};
      };
      for (const Snap& target : targets) {
        ASSERT_EQ(best(towards, target), best(full, target)) << "graph " << graph;
      }
      EXPECT_LE(towards.settled().size(), full.settled().size());
    }
  }
}

}  // namespace
}  // namespace linli::accessibility
