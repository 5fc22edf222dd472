#include "engines/accessibility/snapping.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "engines/accessibility/test_networks.hpp"

namespace linli::accessibility {
namespace {

using testing::Offset;

TEST(SnappingTest, SnapsToTheFootOnTheNearestEdge) {
  // 3 × 3 grid, 100 m blocks; a point 20 m north of the bottom street, 30 m from its west end.
  const WalkingNetwork network = testing::GridNetwork(3, 3, 100.0);
  const EdgeIndex index(network, 50.0);
  const Snap snap = index.SnapPoint(Offset(30.0, 20.0));
  ASSERT_TRUE(snap.snapped());
  const int32_t west = network.NodeOfInputId(0);
  const int32_t east = network.NodeOfInputId(1);
  EXPECT_TRUE((snap.from == west && snap.to == east) || (snap.from == east && snap.to == west));
  const uint32_t along_from_west =
      snap.from == west ? snap.along_decimetres : snap.edge_decimetres - snap.along_decimetres;
  EXPECT_NEAR(along_from_west, 300.0, 3.0);
  EXPECT_NEAR(snap.offset_decimetres, 200.0, 3.0);
  const uint32_t to_west = snap.from == west ? snap.CostToFrom() : snap.CostToTo();
  EXPECT_NEAR(to_west, 500.0, 5.0);
  EXPECT_EQ(snap.CostToFrom() + snap.CostToTo(), 2 * snap.offset_decimetres + snap.edge_decimetres);
}

TEST(SnappingTest, PointsBeyondTheNetworkSnapToTheNearestEnd) {
  const WalkingNetwork network = testing::GridNetwork(3, 3, 100.0);
  const EdgeIndex index(network);
  const Snap snap = index.SnapPoint(Offset(-500.0, -500.0));  // far south-west
  ASSERT_TRUE(snap.snapped());
  const int32_t corner = network.NodeOfInputId(0);
  const uint32_t to_corner = snap.from == corner ? snap.CostToFrom() : snap.CostToTo();
  EXPECT_NEAR(to_corner, std::sqrt(2.0) * 5000.0, 30.0);
}

TEST(SnappingTest, AgreesWithBruteForceOnRandomPoints) {
  const WalkingNetwork network = testing::RandomNetwork(3, 800, 5000.0);
  const EdgeIndex index(network, 120.0);
  std::mt19937 random(5);
  std::uniform_real_distribution<double> coordinate(-300.0, 5300.0);
  std::vector<LatLon> points;
  for (int i = 0; i < 3000; ++i) points.push_back(Offset(coordinate(random), coordinate(random)));
  const std::vector<Snap> snaps = index.SnapPoints(points, 2);
  ASSERT_EQ(snaps.size(), points.size());
  for (size_t i = 0; i < points.size(); ++i) {
    const PlanePoint p = network.projection().Project(points[i]);
    double best = 1e300;
    for (const Edge& edge : network.edges()) {
      const PlanePoint a = network.PlanePosition(edge.from);
      const PlanePoint b = network.PlanePosition(edge.to);
      const double dx = b.x - a.x, dy = b.y - a.y;
      const double length_squared = dx * dx + dy * dy;
      const double t =
          length_squared > 0
              ? std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / length_squared, 0.0, 1.0)
              : 0.0;
      best = std::min(best, std::hypot(a.x + t * dx - p.x, a.y + t * dy - p.y));
    }
    // The snap's offset is a haversine distance; the planar optimum agrees within 1%.
    EXPECT_NEAR(snaps[i].offset_decimetres / 10.0, best, 0.01 * best + 0.2) << i;
    EXPECT_EQ(index.SnapPoint(points[i]).edge, snaps[i].edge);
  }
}

TEST(SnappingTest, SameEdgeDistanceWalksAlongTheEdge) {
  Snap a{.edge = 3,
         .from = 1,
         .to = 2,
         .along_decimetres = 100,
         .edge_decimetres = 1000,
         .offset_decimetres = 20};
  Snap b{.edge = 3,
         .from = 1,
         .to = 2,
         .along_decimetres = 700,
         .edge_decimetres = 1000,
         .offset_decimetres = 50};
  EXPECT_EQ(SameEdgeDecimetres(a, b), 20u + 600u + 50u);
  EXPECT_EQ(SameEdgeDecimetres(b, a), 20u + 600u + 50u);
}

}  // namespace
}  // namespace linli::accessibility
