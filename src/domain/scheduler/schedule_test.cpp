// Schedules in China time: the next instant after any moment, at the edges (the instant itself,
// midnight, month ends), and the refusals of bad input.
#include "domain/scheduler/schedule.hpp"

#include <gtest/gtest.h>

#include "engines/calendar/working_calendar.hpp"

namespace linli::scheduler {
namespace {

using calendar::kMillisPerMinute;

// China wall-clock time as an instant.
int64_t China(int year, int month, int day, int hour, int minute) {
  return calendar::StartOfChinaDay(*calendar::Date::FromCivil(year, month, day)) +
         (hour * 60 + minute) * kMillisPerMinute;
}

TEST(ScheduleTest, EveryMinutesFallsOnMultiplesFromChinaMidnight) {
  auto every15 = Schedule::EveryMinutes(15).value();
  EXPECT_EQ(every15.NextAfter(China(2026, 3, 1, 10, 7)), China(2026, 3, 1, 10, 15));
  // Strictly after: the instant itself is not next.
  EXPECT_EQ(every15.NextAfter(China(2026, 3, 1, 10, 15)), China(2026, 3, 1, 10, 30));
  EXPECT_EQ(every15.NextAfter(China(2026, 3, 1, 23, 50)), China(2026, 3, 2, 0, 0));
  auto every7h = Schedule::EveryMinutes(7 * 60).value();
  EXPECT_EQ(every7h.NextAfter(China(2026, 3, 1, 0, 0)), China(2026, 3, 1, 7, 0));
  EXPECT_EQ(every7h.NextAfter(China(2026, 3, 1, 21, 0)), China(2026, 3, 2, 0, 0));
  EXPECT_EQ(every7h.NextAfter(China(2026, 3, 2, 0, 0)), China(2026, 3, 2, 7, 0));
}

TEST(ScheduleTest, DailyAtIsChinaTime) {
  auto daily = Schedule::DailyAt(2, 30).value();
  EXPECT_EQ(daily.NextAfter(China(2026, 3, 1, 1, 0)), China(2026, 3, 1, 2, 30));
  EXPECT_EQ(daily.NextAfter(China(2026, 3, 1, 2, 30)), China(2026, 3, 2, 2, 30));
  EXPECT_EQ(daily.NextAfter(China(2026, 12, 31, 23, 0)), China(2027, 1, 1, 2, 30));
  // 02:30 in China is 18:30 UTC of the day before.
  EXPECT_EQ(daily.NextAfter(China(2026, 3, 1, 1, 0)) % calendar::kMillisPerDay,
            (18 * 60 + 30) * kMillisPerMinute);
  EXPECT_EQ(daily.TimeOfDay(), "02:30");
}

TEST(ScheduleTest, MonthlyOnDayRollsOverMonthsAndYears) {
  auto monthly = Schedule::MonthlyOn(1, 0, 10).value();
  EXPECT_EQ(monthly.NextAfter(China(2026, 1, 15, 9, 0)), China(2026, 2, 1, 0, 10));
  EXPECT_EQ(monthly.NextAfter(China(2026, 2, 1, 0, 9)), China(2026, 2, 1, 0, 10));
  EXPECT_EQ(monthly.NextAfter(China(2026, 2, 1, 0, 10)), China(2026, 3, 1, 0, 10));
  EXPECT_EQ(monthly.NextAfter(China(2026, 12, 2, 0, 0)), China(2027, 1, 1, 0, 10));
  auto late = Schedule::MonthlyOn(28, 23, 0).value();
  EXPECT_EQ(late.NextAfter(China(2026, 2, 28, 23, 30)), China(2026, 3, 28, 23, 0));
}

TEST(ScheduleTest, RefusesWhatCannotBeScheduled) {
  EXPECT_FALSE(Schedule::EveryMinutes(0).ok());
  EXPECT_FALSE(Schedule::EveryMinutes(1441).ok());
  EXPECT_FALSE(Schedule::DailyAt(24, 0).ok());
  EXPECT_FALSE(Schedule::DailyAt(3, 60).ok());
  EXPECT_FALSE(Schedule::MonthlyOn(29, 0, 0).ok());
  EXPECT_FALSE(Schedule::MonthlyOn(0, 0, 0).ok());
  for (const char* text : {"2:30", "02-30", "24:00", "12:60", "ab:cd", "", "02:300"}) {
    auto parsed = Schedule::DailyAtText(text, "backup_time");
    ASSERT_FALSE(parsed.ok()) << text;
    EXPECT_EQ(parsed.error().field, "backup_time");
  }
  auto parsed = Schedule::DailyAtText("23:59", "backup_time");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->hour(), 23);
  EXPECT_EQ(parsed->minute(), 59);
}

}  // namespace
}  // namespace linli::scheduler
