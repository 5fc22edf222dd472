#include "domain/grids/grids.hpp"

#include <gtest/gtest.h>

namespace linli::grids {
namespace {

TEST(GridCodes, GridAndMicroGridRules) {
  EXPECT_TRUE(CheckGridCode("321002001002001", "321002001002").ok());
  EXPECT_EQ(CheckGridCode("321002001001001", "321002001002").error().field, "code");
  EXPECT_EQ(CheckGridCode("12", "321002001002").error().code, core::ErrorCode::kValidationFailed);
  EXPECT_FALSE(CheckGridCode("321002001002000", "321002001002").ok());
  EXPECT_FALSE(CheckGridCode("32100200100200a", "321002001002").ok());
  EXPECT_TRUE(CheckMicroGridCode("32100200100200101", "321002001002001").ok());
  EXPECT_FALSE(CheckMicroGridCode("321002001002001001", "321002001002001").ok());
  EXPECT_FALSE(CheckMicroGridCode("32100200100200201", "321002001002001").ok());
}

TEST(GridCodes, NextFreeCodeFillsTheSmallestGap) {
  EXPECT_EQ(*NextFreeCode("321002001002", 3, {}), "321002001002001");
  EXPECT_EQ(*NextFreeCode("321002001002", 3, {"321002001002001", "321002001002003"}),
            "321002001002002");
  EXPECT_EQ(*NextFreeCode("321002001002001", 2, {"32100200100200101"}), "32100200100200102");
  std::vector<std::string> full;
  for (int i = 1; i <= 99; ++i) {
    full.push_back("321002001002001" + std::string(i < 10 ? "0" : "") + std::to_string(i));
  }
  EXPECT_EQ(NextFreeCode("321002001002001", 2, full).error().code,
            core::ErrorCode::kFailedPrecondition);
}

TEST(GridDates, ValidationChinaDateAndHistory) {
  EXPECT_TRUE(IsValidDate("2024-02-29"));
  EXPECT_FALSE(IsValidDate("2026-02-29"));
  EXPECT_FALSE(IsValidDate("2026-02-30"));
  EXPECT_FALSE(IsValidDate("2026-13-01"));
  EXPECT_FALSE(IsValidDate("soon"));
  EXPECT_FALSE(IsValidDate("2026-1-01"));
  EXPECT_EQ(DateInChina(1'767'225'600'000), "2026-01-01");              // 2026-01-01T00:00Z
  EXPECT_EQ(DateInChina(1'767'225'600'000 - 3'600'000), "2026-01-01");  // 23:00Z = 07:00 CST
  EXPECT_EQ(DateInChina(1'767'225'600'000 - 9 * 3'600'000), "2025-12-31");
  EXPECT_EQ(DateInChina(0), "1970-01-01");

  Grid grid;
  grid.valid_from = "2024-01-01";
  EXPECT_FALSE(ValidOn(grid, "2023-12-31"));
  EXPECT_TRUE(ValidOn(grid, "2024-01-01"));
  EXPECT_TRUE(ValidOn(grid, "2030-01-01"));
  grid.valid_until = "2025-06-30";
  EXPECT_TRUE(ValidOn(grid, "2025-06-29"));
  EXPECT_FALSE(ValidOn(grid, "2025-06-30"));
}

}  // namespace
}  // namespace linli::grids
