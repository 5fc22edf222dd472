#include "engines/calendar/working_calendar.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

namespace linli::calendar {
namespace {

Date D(int year, int month, int day) { return *Date::FromCivil(year, month, day); }

// An instant given as China Standard Time wall-clock time.
int64_t Cst(int year, int month, int day, int hour = 0, int minute = 0) {
  return StartOfChinaDay(D(year, month, day)) + hour * kMillisPerHour + minute * kMillisPerMinute;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

const WorkingCalendar& China() {
  static const WorkingCalendar calendar = [] {
    auto loaded = WorkingCalendar::FromJson(
        ReadFile(std::string(LINLI_SOURCE_DIR) + "/data/calendar/cn-holidays.json"));
    EXPECT_TRUE(loaded.ok()) << (loaded.ok()
                                     ? ""
                                     : loaded.error().message + " @ " + loaded.error().field);
    return loaded.ok() ? loaded.value() : WorkingCalendar();
  }();
  return calendar;
}

TEST(DateTest, ParsesFormatsAndRejects) {
  auto date = Date::Parse("2024-02-29");
  ASSERT_TRUE(date.ok());
  EXPECT_EQ(date->year(), 2024);
  EXPECT_EQ(date->month(), 2);
  EXPECT_EQ(date->day(), 29);
  EXPECT_EQ(date->ToString(), "2024-02-29");
  EXPECT_EQ(date->Weekday(), 4);  // Thursday
  EXPECT_EQ(D(1970, 1, 1).days_since_epoch(), 0);
  EXPECT_EQ(D(1970, 1, 1).Weekday(), 4);
  EXPECT_EQ(D(1969, 12, 28).Weekday(), 7);
  for (const char* bad : {"2023-02-29", "2023-13-01", "2023-1-01", "2023/01/01", "", "2023-00-10",
                          "2023-04-31", "abcd-ef-gh"}) {
    auto parsed = Date::Parse(bad);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_NE(parsed.error().message.find("日期无效"), std::string::npos);
  }
}

TEST(DateTest, ChinaDayBoundaries) {
  // 2024-09-30T16:00:00Z is 2024-10-01 00:00 CST.
  const int64_t midnight = Cst(2024, 10, 1);
  EXPECT_EQ(midnight, 1727712000000);  // 2024-09-30T16:00:00Z
  EXPECT_EQ(ChinaDateOf(midnight), D(2024, 10, 1));
  EXPECT_EQ(ChinaDateOf(midnight - 1), D(2024, 9, 30));
  EXPECT_EQ(ChinaDateOf(-1), D(1970, 1, 1));  // 07:59:59.999 CST
  EXPECT_EQ(ChinaDateOf(-8 * kMillisPerHour - 1), D(1969, 12, 31));
}

TEST(WorkingCalendarTest, OfficialDaysFromTheNotices) {
  const WorkingCalendar& calendar = China();
  for (int year : {2023, 2024, 2025, 2026}) EXPECT_TRUE(calendar.Covers(D(year, 6, 1))) << year;
  EXPECT_FALSE(calendar.Covers(D(2027, 1, 1)));

  // Days off on weekdays.
  EXPECT_FALSE(calendar.IsWorkingDay(D(2023, 1, 2)));   // 元旦 Monday
  EXPECT_FALSE(calendar.IsWorkingDay(D(2023, 4, 5)));   // 清明 Wednesday
  EXPECT_FALSE(calendar.IsWorkingDay(D(2024, 2, 16)));  // 春节 Friday
  EXPECT_FALSE(calendar.IsWorkingDay(D(2025, 1, 28)));  // 除夕 2025
  EXPECT_FALSE(calendar.IsWorkingDay(D(2025, 10, 8)));  // 8-day 国庆中秋 2025
  EXPECT_FALSE(calendar.IsWorkingDay(D(2026, 2, 23)));  // 正月初七 2026, Monday
  EXPECT_TRUE(calendar.IsOfficialDayOff(D(2026, 2, 23)));
  // Make-up working days (weekends that work).
  EXPECT_TRUE(calendar.IsWorkingDay(D(2023, 1, 28)));  // Saturday
  EXPECT_TRUE(calendar.IsWorkingDay(D(2023, 10, 8)));  // Sunday
  EXPECT_TRUE(calendar.IsWorkingDay(D(2024, 9, 29)));  // Sunday
  EXPECT_TRUE(calendar.IsWorkingDay(D(2025, 4, 27)));  // Sunday
  EXPECT_TRUE(calendar.IsWorkingDay(D(2026, 1, 4)));   // Sunday
  EXPECT_TRUE(calendar.IsMakeUpWorkingDay(D(2026, 2, 28)));
  // Ordinary days.
  EXPECT_TRUE(calendar.IsWorkingDay(D(2024, 10, 8)));
  EXPECT_FALSE(calendar.IsWorkingDay(D(2024, 10, 13)));  // a plain Sunday
  EXPECT_FALSE(calendar.IsOfficialDayOff(D(2024, 10, 13)));
  EXPECT_TRUE(calendar.IsWorkingDay(D(2027, 1, 1)));  // not covered: plain Friday
  // 2024 had 251 working days; 2023 had 249 (the 2022-12-31 day off is not in 2023).
  EXPECT_EQ(calendar.WorkingDaysBetween(D(2023, 12, 31), D(2024, 12, 31)), 251);
  EXPECT_EQ(calendar.WorkingDaysBetween(D(2022, 12, 31), D(2023, 12, 31)), 249);
}

TEST(WorkingCalendarTest, RequestFiledOnTheFridayBeforeNationalDay2024) {
  const WorkingCalendar& calendar = China();
  const int64_t filed = Cst(2024, 9, 27, 10, 0);  // Friday
  // Working days after: 9-29 (Sunday, make-up) 1, 9-30 2, 10-1..10-7 off, 10-8 3.
  EXPECT_EQ(calendar.AddWorkingDays(filed, 1), Cst(2024, 9, 30));
  EXPECT_EQ(calendar.AddWorkingDays(filed, 2), Cst(2024, 10, 1));
  EXPECT_EQ(calendar.AddWorkingDays(filed, 3), Cst(2024, 10, 9));
  EXPECT_EQ(calendar.AddWorkingDays(filed, 0), Cst(2024, 9, 28));
  EXPECT_EQ(calendar.WorkingDaysBetween(D(2024, 9, 27), D(2024, 10, 8)), 3);
  EXPECT_EQ(calendar.ElapsedWorkingDays(filed, Cst(2024, 10, 8, 16, 0)), 3);
}

TEST(WorkingCalendarTest, RequestFiledBeforeTheEightDayBreak2025) {
  const WorkingCalendar& calendar = China();
  const int64_t filed = Cst(2025, 9, 26, 15, 30);  // Friday
  // 9-28 (Sunday, make-up) 1, 9-29 2, 9-30 3, 10-1..10-8 off, 10-9 4, 10-10 5.
  EXPECT_EQ(calendar.AddWorkingDays(filed, 5), Cst(2025, 10, 11));
  EXPECT_EQ(calendar.AddWorkingDays(D(2025, 9, 26), 5), D(2025, 10, 10));
}

TEST(WorkingCalendarTest, SubmissionOnANonWorkingDayCountsFromTheNextWorkingDay) {
  const WorkingCalendar& calendar = China();
  // Filed during National Day 2024: received Tuesday 10-8, first working day after is 10-9.
  EXPECT_EQ(calendar.EffectiveReceiptDate(Cst(2024, 10, 3, 9, 0)), D(2024, 10, 8));
  EXPECT_EQ(calendar.AddWorkingDays(Cst(2024, 10, 3, 9, 0), 1), Cst(2024, 10, 10));
  // Filed on a plain Saturday: same as Monday.
  EXPECT_EQ(calendar.AddWorkingDays(Cst(2024, 11, 16, 20, 0), 1),
            calendar.AddWorkingDays(Cst(2024, 11, 18, 9, 0), 1));
  EXPECT_EQ(calendar.AddWorkingDays(Cst(2024, 11, 16, 20, 0), 1), Cst(2024, 11, 20));
  // Filed on a make-up Saturday: that day is a working day and is day 0.
  EXPECT_EQ(calendar.AddWorkingDays(Cst(2024, 10, 12, 9, 0), 1), Cst(2024, 10, 15));
  // Spring Festival 2026: Friday 2-13, then make-up Saturday 2-14, then 9 days off.
  EXPECT_EQ(calendar.AddWorkingDays(Cst(2026, 2, 13, 9, 0), 1), Cst(2026, 2, 15));
  EXPECT_EQ(calendar.AddWorkingDays(Cst(2026, 2, 13, 9, 0), 2), Cst(2026, 2, 25));
  // Negative counts act like zero.
  EXPECT_EQ(calendar.AddWorkingDays(Cst(2026, 2, 13, 9, 0), -4), Cst(2026, 2, 14));
}

TEST(WorkingCalendarTest, ElapsedWorkingDaysAgreesWithDeadlines) {
  const WorkingCalendar& calendar = China();
  // Every hour-aligned start in two busy months of 2024 and 2026, n from 0 to 12.
  for (const Date first : {D(2024, 9, 20), D(2026, 2, 1)}) {
    for (int64_t offset = 0; offset < 40 * 24; offset += 7) {
      const int64_t start = StartOfChinaDay(first) + offset * kMillisPerHour;
      for (int n = 0; n <= 12; ++n) {
        const int64_t deadline = calendar.AddWorkingDays(start, n);
        ASSERT_LE(calendar.ElapsedWorkingDays(start, deadline - 1), n);
        ASSERT_TRUE(calendar.IsWorkingDay(ChinaDateOf(deadline - 1)));
        const Date next_working = calendar.WorkingDayOnOrAfter(ChinaDateOf(deadline));
        ASSERT_EQ(calendar.ElapsedWorkingDays(start, StartOfChinaDay(next_working)), n + 1);
      }
    }
  }
}

TEST(WorkingCalendarTest, WorkingHoursSkipLunchNightsWeekendsAndHolidays) {
  const WorkingCalendar& calendar = China();
  const int64_t two_hours = 2 * kMillisPerHour;
  EXPECT_EQ(calendar.WorkingMillisPerDay(), 450 * kMillisPerMinute);
  // Morning into the afternoon across lunch.
  EXPECT_EQ(calendar.AddWorkingTime(Cst(2024, 11, 19, 11, 0), two_hours),
            Cst(2024, 11, 19, 14, 30));
  // Friday 17:00 → Monday 10:00.
  EXPECT_EQ(calendar.AddWorkingTime(Cst(2023, 11, 17, 17, 0), two_hours), Cst(2023, 11, 20, 10, 0));
  EXPECT_EQ(calendar.WorkingTimeBetween(Cst(2023, 11, 17, 17, 0), Cst(2023, 11, 20, 10, 0)),
            two_hours);
  // Friday before National Day 2024: the next working day is the make-up Sunday 9-29.
  EXPECT_EQ(calendar.AddWorkingTime(Cst(2024, 9, 27, 17, 0), two_hours), Cst(2024, 9, 29, 10, 0));
  // Started at night: the clock starts at 08:30.
  EXPECT_EQ(calendar.AddWorkingTime(Cst(2024, 11, 19, 22, 0), two_hours),
            Cst(2024, 11, 20, 10, 30));
  // Ending exactly at closing time stays on that day.
  EXPECT_EQ(calendar.AddWorkingTime(Cst(2024, 11, 19, 15, 30), two_hours),
            Cst(2024, 11, 19, 17, 30));
  EXPECT_EQ(calendar.AddWorkingTime(Cst(2024, 11, 19, 15, 30), 0), Cst(2024, 11, 19, 15, 30));
  EXPECT_EQ(calendar.WorkingTimeBetween(Cst(2024, 10, 1), Cst(2024, 10, 8)), 0);
  EXPECT_EQ(calendar.WorkingTimeBetween(Cst(2024, 11, 20), Cst(2024, 11, 19)), 0);
  // Calendar time basis is plain arithmetic.
  EXPECT_EQ(calendar.AddDuration(Cst(2024, 10, 1, 23, 0), two_hours, TimeBasis::kCalendarTime),
            Cst(2024, 10, 2, 1, 0));
  EXPECT_EQ(calendar.ElapsedBetween(Cst(2024, 10, 1), Cst(2024, 10, 2), TimeBasis::kCalendarTime),
            kMillisPerDay);
  EXPECT_EQ(calendar.ElapsedBetween(Cst(2024, 10, 1), Cst(2024, 10, 2), TimeBasis::kWorkingTime),
            0);
}

TEST(WorkingCalendarTest, AddWorkingTimeInvertsWorkingTimeBetween) {
  const WorkingCalendar& calendar = China();
  for (int64_t offset = 0; offset < 30 * 24 * 60; offset += 97) {
    const int64_t start = Cst(2024, 9, 25) + offset * kMillisPerMinute;
    for (int64_t minutes : {1, 30, 120, 450, 451, 2000}) {
      const int64_t end = calendar.AddWorkingTime(start, minutes * kMillisPerMinute);
      ASSERT_EQ(calendar.WorkingTimeBetween(start, end), minutes * kMillisPerMinute);
      ASSERT_LT(calendar.WorkingTimeBetween(start, end - 1), minutes * kMillisPerMinute);
    }
  }
}

TEST(WorkingCalendarTest, DefaultCalendarIsAPlainWeek) {
  WorkingCalendar calendar;
  EXPECT_FALSE(calendar.Covers(D(2024, 10, 1)));
  EXPECT_TRUE(calendar.IsWorkingDay(D(2024, 10, 1)));
  EXPECT_FALSE(calendar.IsWorkingDay(D(2024, 9, 29)));
  EXPECT_EQ(calendar.AddWorkingDays(Cst(2024, 9, 27, 10, 0), 1), Cst(2024, 10, 1));
}

// --- validation of the data ---

std::string OneYear(const std::string& holidays) {
  return R"({"years":[{"year":2024,"holidays":[)" + holidays + "]}]}";
}

core::Error ParseError(const std::string& json) {
  auto result = WorkingCalendar::FromJson(json);
  EXPECT_FALSE(result.ok()) << json;
  return result.ok() ? core::Error{} : result.error();
}

TEST(CalendarDataTest, RejectsBadDatesWithTheirPath) {
  core::Error error =
      ParseError(OneYear(R"({"name":"春节","off_from":"2024-02-30","off_to":"2024-03-01"})"));
  EXPECT_EQ(error.code, core::ErrorCode::kValidationFailed);
  EXPECT_EQ(error.field, "years[0].holidays[0].off_from");
  EXPECT_NE(error.message.find("2024-02-30"), std::string::npos);

  error = ParseError(OneYear(R"({"name":"春节","off_from":"2024-02-17","off_to":"2024-02-10"})"));
  EXPECT_NE(error.message.find("晚于结束日期"), std::string::npos);

  error = ParseError(OneYear(R"({"name":"春节","off_from":"2024-02-01","off_to":"2024-03-01"})"));
  EXPECT_NE(error.message.find("超过 15 天"), std::string::npos);

  error = ParseError(OneYear(R"({"name":"春节","off_from":20240210,"off_to":"2024-02-17"})"));
  EXPECT_EQ(error.field, "years[0].holidays[0].off_from");

  error = ParseError(OneYear(R"({"off_from":"2024-02-10","off_to":"2024-02-17"})"));
  EXPECT_EQ(error.field, "years[0].holidays[0].name");
}

TEST(CalendarDataTest, RejectsDuplicates) {
  core::Error error =
      ParseError(OneYear(R"({"name":"中秋节","off_from":"2024-09-15","off_to":"2024-09-17"},)"
                         R"({"name":"补休","off_from":"2024-09-17","off_to":"2024-09-17"})"));
  EXPECT_NE(error.message.find("2024-09-17 重复出现"), std::string::npos);
  EXPECT_EQ(error.field, "years[0].holidays[1].off_from");

  error = ParseError(OneYear(R"({"name":"国庆节","off_from":"2024-10-01","off_to":"2024-10-07",)"
                             R"("make_up_working_days":["2024-09-29","2024-09-29"]})"));
  EXPECT_NE(error.message.find("调休上班日 2024-09-29 重复出现"), std::string::npos);
  EXPECT_EQ(error.field, "years[0].holidays[0].make_up_working_days[1]");

  error = ParseError(R"({"years":[{"year":2024,"holidays":[]},{"year":2024,"holidays":[]}]})");
  EXPECT_NE(error.message.find("年份 2024 重复"), std::string::npos);
  EXPECT_EQ(error.field, "years[1].year");
}

TEST(CalendarDataTest, RejectsMakeUpDaysThatAreNotWeekends) {
  core::Error error =
      ParseError(OneYear(R"({"name":"国庆节","off_from":"2024-10-01","off_to":"2024-10-07",)"
                         R"("make_up_working_days":["2024-10-11"]})"));
  EXPECT_NE(error.message.find("2024-10-11 不是周六或周日"), std::string::npos);
  EXPECT_EQ(error.field, "years[0].holidays[0].make_up_working_days[0]");
}

TEST(CalendarDataTest, RejectsADayThatIsBothOffAndWorking) {
  core::Error error =
      ParseError(OneYear(R"({"name":"国庆节","off_from":"2024-10-01","off_to":"2024-10-07",)"
                         R"("make_up_working_days":["2024-10-05"]})"));
  EXPECT_NE(error.message.find("既是放假日"), std::string::npos);

  error = ParseError(OneYear(
      R"({"name":"甲","off_from":"2024-10-01","off_to":"2024-10-01","make_up_working_days":["2024-10-12"]},)"
      R"({"name":"乙","off_from":"2024-10-12","off_to":"2024-10-12"})"));
  EXPECT_NE(error.message.find("2024-10-12 既是放假日（乙）又是调休上班日（甲）"),
            std::string::npos);
}

TEST(CalendarDataTest, RejectsBrokenJsonAndOfficeHours) {
  core::Error error = ParseError("{not json");
  EXPECT_EQ(error.code, core::ErrorCode::kInvalidArgument);
  error = ParseError(R"({"holidays":[]})");
  EXPECT_EQ(error.field, "years");
  error = ParseError(
      R"({"office_hours":[{"start":"13:30","end":"17:30"},{"start":"08:30","end":"12:00"}],"years":[]})");
  EXPECT_EQ(error.field, "office_hours[1]");
  error = ParseError(R"({"office_hours":[{"start":"08:30","end":"25:00"}],"years":[]})");
  EXPECT_EQ(error.field, "office_hours[0].end");
}

TEST(CalendarDataTest, CustomOfficeHours) {
  auto calendar =
      WorkingCalendar::FromJson(R"({"office_hours":[{"start":"09:00","end":"17:00"}],"years":[]})");
  ASSERT_TRUE(calendar.ok()) << calendar.error().message;
  EXPECT_EQ(calendar->WorkingMillisPerDay(), 8 * kMillisPerHour);
  EXPECT_EQ(calendar->AddWorkingTime(Cst(2024, 11, 19, 16, 0), 2 * kMillisPerHour),
            Cst(2024, 11, 20, 10, 0));
}

TEST(TimeBasisTest, Names) {
  for (TimeBasis basis : {TimeBasis::kWorkingTime, TimeBasis::kCalendarTime}) {
    EXPECT_EQ(TimeBasisFromName(TimeBasisName(basis)), basis);
  }
  EXPECT_FALSE(TimeBasisFromName("hours").has_value());
}

}  // namespace
}  // namespace linli::calendar
