#include "engines/geo/outline.hpp"

#include <gtest/gtest.h>

namespace linli::geo {
namespace {

// A 2° × 2° square at (lon 118..120, lat 32..34) with a 0.5° hole at its centre, and a separate
// small square (an island) at lon 121.
Outline SquareWithHoleAndIsland() {
  Polygon square;
  square.outer = {{118, 32}, {120, 32}, {120, 34}, {118, 34}, {118, 32}};
  square.holes.push_back({{118.75, 32.75}, {119.25, 32.75}, {119.25, 33.25}, {118.75, 33.25}});
  Polygon island;
  island.outer = {{121, 32}, {121.2, 32}, {121.2, 32.2}, {121, 32.2}};
  return Outline({square, island});
}

TEST(Outline, ContainsRespectsHolesAndSeveralPolygons) {
  Outline outline = SquareWithHoleAndIsland();
  EXPECT_TRUE(outline.Contains(32.5, 118.5));
  EXPECT_FALSE(outline.Contains(33.0, 119.0));  // in the hole
  EXPECT_TRUE(outline.Contains(32.1, 121.1));   // on the island
  EXPECT_FALSE(outline.Contains(32.1, 120.5));  // between them
  EXPECT_FALSE(outline.Contains(35.0, 119.0));  // outside the box
  EXPECT_DOUBLE_EQ(outline.box().min_lon, 118);
  EXPECT_DOUBLE_EQ(outline.box().max_lon, 121.2);
}

TEST(Outline, AreaSubtractsHolesAndScalesLongitude) {
  Outline outline = SquareWithHoleAndIsland();
  // (4 - 0.25) square degrees of latitude × cos(~33°) plus the island's 0.04 × cos(32.1°).
  EXPECT_NEAR(outline.ScaledArea(), 3.75 * 0.8387 + 0.04 * 0.8471, 0.01);
}

TEST(Outline, InteriorPointIsInsideEvenWhenTheBoxCentreIsNot) {
  Outline outline = SquareWithHoleAndIsland();  // the box centre (119.6, 33) is inside
  Point point = outline.InteriorPoint();
  EXPECT_TRUE(outline.Contains(point.lat, point.lon));
  Polygon ring;  // a C shape: the box centre falls in the gap
  ring.outer = {{0, 0}, {3, 0}, {3, 1}, {1, 1}, {1, 2}, {3, 2}, {3, 3}, {0, 3}};
  Outline c_shape({ring});
  EXPECT_FALSE(c_shape.Contains(1.5, 1.5 + 0.5));
  Point inside = c_shape.InteriorPoint();
  EXPECT_TRUE(c_shape.Contains(inside.lat, inside.lon));
}

TEST(Outline, UnionKeepsEveryPart) {
  Outline a({Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 1}}, {}}});
  Outline b({Polygon{{{5, 5}, {6, 5}, {6, 6}, {5, 6}}, {}}});
  Outline both = Outline::Union({&a, &b});
  EXPECT_TRUE(both.Contains(0.5, 0.5));
  EXPECT_TRUE(both.Contains(5.5, 5.5));
  EXPECT_TRUE(Outline().empty());
}

}  // namespace
}  // namespace linli::geo
