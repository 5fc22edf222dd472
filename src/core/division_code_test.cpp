#include "core/division_code.hpp"

#include <gtest/gtest.h>

namespace linli::core {
namespace {

TEST(DivisionCodeTest, LevelsByLength) {
  EXPECT_EQ(LevelOfCode("32"), DivisionLevel::kProvince);
  EXPECT_EQ(LevelOfCode("3210"), DivisionLevel::kCity);
  EXPECT_EQ(LevelOfCode("321002"), DivisionLevel::kCounty);
  EXPECT_EQ(LevelOfCode("321002001"), DivisionLevel::kTown);
  EXPECT_EQ(LevelOfCode("321002001001"), DivisionLevel::kCommunity);
  EXPECT_EQ(LevelOfCode("321002001001001"), DivisionLevel::kGrid);
  EXPECT_EQ(LevelOfCode("32100200100100101"), DivisionLevel::kMicroGrid);
  EXPECT_FALSE(LevelOfCode("321"));
  EXPECT_FALSE(LevelOfCode("32100a"));
  EXPECT_FALSE(LevelOfCode(""));
}

TEST(DivisionCodeTest, CodeLengthIsTheLengthLevelOfCodeReads) {
  for (const char* code : {"32", "3210", "321002", "321002001", "321002001001", "321002001001001",
                           "32100200100100101"}) {
    auto level = LevelOfCode(code);
    ASSERT_TRUE(level.has_value()) << code;
    EXPECT_EQ(CodeLength(*level), std::string_view(code).size()) << code;
  }
}

TEST(DivisionCodeTest, Parents) {
  EXPECT_EQ(ParentCode("321002001001001"), "321002001001");
  EXPECT_EQ(ParentCode("321002001"), "321002");
  EXPECT_EQ(ParentCode("3210"), "32");
  EXPECT_EQ(ParentCode("32"), "");
}

}  // namespace
}  // namespace linli::core
