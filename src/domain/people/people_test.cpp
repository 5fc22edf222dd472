// Pure rules of the registry: names of enums, validation messages (Chinese, with the field),
// age limits as birth-date limits.
#include "domain/people/people.hpp"

#include <gtest/gtest.h>

#include "domain/people/resident_service.hpp"

namespace linli::people {
namespace {

TEST(PeopleTest, NamesRoundTrip) {
  for (auto status : AllResidentStatuses()) {
    EXPECT_EQ(ResidentStatusFromName(ResidentStatusName(status)), status);
    EXPECT_FALSE(ResidentStatusChineseName(status).empty());
  }
  EXPECT_EQ(ResidentStatusChineseName(ResidentStatus::kFloating), "流动人口");
  EXPECT_EQ(RelationFromName("grandchild"), Relation::kGrandchild);
  EXPECT_FALSE(RelationFromName("cousin"));
  EXPECT_EQ(BuildingKindFromName("mixed"), BuildingKind::kMixed);
  EXPECT_EQ(HistoryEventName(HistoryEvent::kMoveIn), "move_in");
  EXPECT_EQ(ResidentSortFromName("-age"), ResidentSort::kAgeDescending);
  EXPECT_FALSE(IsCurrentStatus(ResidentStatus::kDeceased));
  EXPECT_TRUE(IsCurrentStatus(ResidentStatus::kAway));
}

TEST(PeopleTest, ValidationNamesTheFieldInChinese) {
  auto name = CheckPersonName("  ");
  ASSERT_FALSE(name.ok());
  EXPECT_EQ(name.error().code, core::ErrorCode::kValidationFailed);
  EXPECT_EQ(name.error().field, "name");
  EXPECT_EQ(name.error().message, "姓名不能为空");
  EXPECT_TRUE(CheckPersonName("欧阳娜娜").ok());
  EXPECT_FALSE(CheckPersonName(std::string(51 * 3, 'a')).ok());
  std::string fifty;
  for (int i = 0; i < 50; ++i) fifty += "张";
  EXPECT_TRUE(CheckPersonName(fifty).ok());
  EXPECT_FALSE(CheckPersonName(fifty + "张").ok());

  EXPECT_EQ(CheckFloors(0).error().field, "floors");
  EXPECT_TRUE(CheckFloors(200).ok());
  EXPECT_FALSE(CheckFloors(201).ok());
  EXPECT_TRUE(CheckCoordinates(std::nullopt, std::nullopt).ok());
  EXPECT_TRUE(CheckCoordinates(32.39, 119.41).ok());
  EXPECT_EQ(CheckCoordinates(60.0, 119.0).error().field, "lat");
  EXPECT_EQ(CheckCoordinates(32.0, 140.0).error().field, "lon");
  EXPECT_EQ(CheckCoordinates(32.0, std::nullopt).error().field, "lon");
  EXPECT_NE(CheckCoordinates(32.0, 140.0).error().message.find("经度"), std::string::npos);
  EXPECT_EQ(CheckDate("2023-02-29", "since").error().field, "since");
  EXPECT_TRUE(CheckDate("2024-02-29", "since").ok());
  EXPECT_TRUE(CheckTagCode("elderly_alone").ok());
  EXPECT_FALSE(CheckTagCode("Elderly").ok());
  EXPECT_EQ(PlaceCode("321002001001", ""), "321002001001");
  EXPECT_EQ(PlaceCode("321002001001", "321002001001002"), "321002001001002");
}

// age >= n  <=>  birth <= BirthDateLimit(today, n), checked against identity::AgeOn over every
// birth date of eight years around leap days.
TEST(PeopleTest, BirthDateLimitMatchesAgeOn) {
  for (auto today : {identity::Date{2028, 2, 29}, identity::Date{2025, 2, 28},
                     identity::Date{2025, 3, 1}, identity::Date{2026, 1, 1}}) {
    for (int years : {0, 1, 3, 4, 6}) {
      const identity::Date limit = BirthDateLimit(today, years);
      ASSERT_TRUE(identity::IsValidDate(limit));
      const int64_t first = identity::DaysFromCivil({today.year - 8, 1, 1});
      const int64_t last = identity::DaysFromCivil(today);
      for (int64_t day = first; day <= last; ++day) {
        const identity::Date birth = identity::CivilFromDays(day);
        EXPECT_EQ(identity::AgeOn(birth, today) >= years, birth <= limit)
            << identity::FormatDate(birth) << " on " << identity::FormatDate(today)
            << " n=" << years;
      }
    }
  }
}

TEST(PeopleTest, AgeGroupsPartitionBelowSixty) {
  auto groups = AgeGroups({2026, 6, 1});
  ASSERT_EQ(groups.size(), 6u);
  EXPECT_EQ(groups[0].label, "0-6");
  EXPECT_EQ(groups[0].born_after, "2019-06-01");  // a 7-year-old was born on or before this
  EXPECT_EQ(groups[1].born_on_or_before, groups[0].born_after);
  EXPECT_EQ(groups[3].label, "60+");
  EXPECT_EQ(groups[3].born_on_or_before, "1966-06-01");
  EXPECT_EQ(groups[2].born_after, groups[3].born_on_or_before);
}

}  // namespace
}  // namespace linli::people
