#include "core/identity/date.hpp"

#include <gtest/gtest.h>

namespace linli::identity {
namespace {

TEST(DateTest, LeapYears) {
  EXPECT_TRUE(IsLeapYear(2000));
  EXPECT_TRUE(IsLeapYear(2024));
  EXPECT_FALSE(IsLeapYear(1900));
  EXPECT_FALSE(IsLeapYear(2023));
  EXPECT_EQ(DaysInMonth(2024, 2), 29);
  EXPECT_EQ(DaysInMonth(2023, 2), 28);
  EXPECT_EQ(DaysInMonth(2023, 4), 30);
  EXPECT_EQ(DaysInMonth(2023, 13), 0);
}

TEST(DateTest, Validity) {
  EXPECT_TRUE(IsValidDate({2024, 2, 29}));
  EXPECT_FALSE(IsValidDate({2023, 2, 29}));
  EXPECT_FALSE(IsValidDate({1900, 2, 29}));
  EXPECT_FALSE(IsValidDate({2023, 0, 1}));
  EXPECT_FALSE(IsValidDate({2023, 6, 31}));
  EXPECT_FALSE(IsValidDate({2023, 6, 0}));
}

TEST(DateTest, ParseAndFormat) {
  auto date = ParseDate("2024-02-29");
  ASSERT_TRUE(date.ok());
  EXPECT_EQ(*date, (Date{2024, 2, 29}));
  EXPECT_EQ(FormatDate(*date), "2024-02-29");
  EXPECT_EQ(FormatDate({987, 3, 4}), "0987-03-04");

  auto missing = ParseDate("2023-02-29", "birth_date");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, core::ErrorCode::kValidationFailed);
  EXPECT_EQ(missing.error().field, "birth_date");
  for (const char* bad : {"2023-2-28", "20230228", "2023/02/28", "2023-02-2x", "", "2023-02-280"}) {
    EXPECT_FALSE(ParseDate(bad).ok()) << bad;
  }
}

TEST(DateTest, DaysFromCivilRoundTrip) {
  EXPECT_EQ(DaysFromCivil({1970, 1, 1}), 0);
  EXPECT_EQ(DaysFromCivil({1970, 1, 2}), 1);
  EXPECT_EQ(DaysFromCivil({1969, 12, 31}), -1);
  EXPECT_EQ(DaysFromCivil({2000, 3, 1}), 11017);
  EXPECT_EQ(DaysFromCivil({1900, 1, 1}), -25567);
  for (int64_t days = -80000; days <= 80000; days += 7) {
    const Date date = CivilFromDays(days);
    ASSERT_TRUE(IsValidDate(date)) << days;
    ASSERT_EQ(DaysFromCivil(date), days);
  }
}

TEST(DateTest, Comparison) {
  EXPECT_LT((Date{2023, 12, 31}), (Date{2024, 1, 1}));
  EXPECT_LT((Date{2024, 1, 31}), (Date{2024, 2, 1}));
  EXPECT_GT((Date{2024, 2, 2}), (Date{2024, 2, 1}));
  EXPECT_EQ((Date{2024, 2, 2}), (Date{2024, 2, 2}));
}

TEST(DateTest, DateFromUnixMillisUsesChinaTime) {
  // 2024-01-01T16:00:00Z is midnight 2024-01-02 in Beijing.
  const int64_t millis = DaysFromCivil({2024, 1, 1}) * 86'400'000 + 16 * 3'600'000;
  EXPECT_EQ(DateFromUnixMillis(millis), (Date{2024, 1, 2}));
  EXPECT_EQ(DateFromUnixMillis(millis - 1), (Date{2024, 1, 1}));
  EXPECT_EQ(DateFromUnixMillis(millis, 0), (Date{2024, 1, 1}));
  EXPECT_EQ(DateFromUnixMillis(-1, 0), (Date{1969, 12, 31}));
}

TEST(DateTest, AgeOn) {
  EXPECT_EQ(AgeOn({1950, 6, 15}, {2024, 6, 14}), 73);
  EXPECT_EQ(AgeOn({1950, 6, 15}, {2024, 6, 15}), 74);
  EXPECT_EQ(AgeOn({2000, 2, 29}, {2023, 2, 28}), 22);
  EXPECT_EQ(AgeOn({2000, 2, 29}, {2023, 3, 1}), 23);
  EXPECT_EQ(AgeOn({2000, 2, 29}, {2024, 2, 29}), 24);
  EXPECT_EQ(AgeOn({2024, 5, 1}, {2024, 5, 1}), 0);
  EXPECT_EQ(AgeOn({2024, 5, 2}, {2024, 5, 1}), -1);
}

}  // namespace
}  // namespace linli::identity
