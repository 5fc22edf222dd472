#include "core/scope.hpp"

#include <gtest/gtest.h>

namespace linli::core {
namespace {

TEST(ScopeTest, OfKeepsMinimalPrefixes) {
  Scope scope = Scope::Of({"321002001", "321002", "321003001001", "321002"});
  ASSERT_EQ(scope.prefixes.size(), 2u);
  EXPECT_EQ(scope.prefixes[0], "321002");
  EXPECT_EQ(scope.prefixes[1], "321003001001");
}

TEST(ScopeTest, CoversAndIntersects) {
  Scope town = Scope::Of({"321002001"});
  EXPECT_TRUE(town.Covers("321002001005"));
  EXPECT_TRUE(town.Covers("321002001005001"));
  EXPECT_FALSE(town.Covers("321002002001"));
  EXPECT_FALSE(town.Covers("321002"));
  EXPECT_TRUE(town.Intersects("321002"));  // an ancestor: its subtree holds the town
  EXPECT_FALSE(town.Intersects("321003"));
  EXPECT_TRUE(Scope::Everything().Covers("11"));
  EXPECT_FALSE(Scope::Nothing().Covers("3210"));
  EXPECT_TRUE(Scope::Nothing().Empty());
}

}  // namespace
}  // namespace linli::core
