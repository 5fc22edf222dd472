#include "domain/events/escalation.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace linli::events {
namespace {

using calendar::kMillisPerHour;
using calendar::kMillisPerMinute;

int64_t Cst(int year, int month, int day, int hour = 0, int minute = 0) {
  return calendar::StartOfChinaDay(*calendar::Date::FromCivil(year, month, day)) +
         hour * kMillisPerHour + minute * kMillisPerMinute;
}

const calendar::WorkingCalendar& China() {
  static const calendar::WorkingCalendar calendar = [] {
    std::ifstream in(std::string(LINLI_SOURCE_DIR) + "/data/calendar/cn-holidays.json");
    std::stringstream buffer;
    buffer << in.rdbuf();
    auto loaded = calendar::WorkingCalendar::FromJson(buffer.str());
    EXPECT_TRUE(loaded.ok());
    return loaded.ok() ? loaded.value() : calendar::WorkingCalendar();
  }();
  return calendar;
}

TEST(EscalationPolicyTest, Defaults) {
  const EscalationPolicy normal = EscalationPolicy::Default(Urgency::kNormal);
  EXPECT_EQ(normal.LimitFor(EscalationStage::kCheckIn), (StageLimit{LimitUnit::kWorkingHours, 2}));
  EXPECT_EQ(normal.LimitFor(EscalationStage::kHandle), (StageLimit{LimitUnit::kWorkingDays, 5}));
  EXPECT_EQ(normal.LimitFor(EscalationStage::kVerify), (StageLimit{LimitUnit::kWorkingDays, 2}));
  const EscalationPolicy urgent = EscalationPolicy::Default(Urgency::kUrgent);
  EXPECT_EQ(urgent.LimitFor(EscalationStage::kCheckIn), (StageLimit{LimitUnit::kCalendarHours, 1}));
  EXPECT_EQ(urgent.LimitFor(EscalationStage::kHandle), (StageLimit{LimitUnit::kCalendarHours, 24}));
  EXPECT_TRUE(ValidateStageLimit({LimitUnit::kWorkingDays, 5}, "handle").ok());
  auto zero = ValidateStageLimit({LimitUnit::kWorkingHours, 0}, "check_in");
  ASSERT_FALSE(zero.ok());
  EXPECT_EQ(zero.error().field, "check_in");
  EXPECT_FALSE(ValidateStageLimit({LimitUnit::kWorkingDays, 400}, "handle").ok());
  EXPECT_EQ(LimitUnitFromName("calendar_hours"), LimitUnit::kCalendarHours);
}

TEST(StageWarningTest, CheckInWithinTwoWorkingHoursAcrossTheNationalDayWeekend) {
  // Whistle blown Friday 2024-09-27 17:00; 30 minutes that day, then Sunday 9-29 is a make-up
  // working day: due Sunday 10:00, yellow from 09:30 (90 of 120 working minutes).
  const StageClock clock{EscalationStage::kCheckIn, Cst(2024, 9, 27, 17, 0),
                         EscalationPolicy::Default(Urgency::kNormal).check_in};
  EXPECT_EQ(StageDeadline(clock, China()), Cst(2024, 9, 29, 10, 0));
  EXPECT_EQ(StageWarning(clock, Cst(2024, 9, 27, 17, 0), China()), WarningLevel::kNone);
  EXPECT_EQ(StageWarning(clock, Cst(2024, 9, 28, 12, 0), China()), WarningLevel::kNone);
  EXPECT_EQ(StageWarning(clock, Cst(2024, 9, 29, 9, 29), China()), WarningLevel::kNone);
  EXPECT_EQ(StageWarning(clock, Cst(2024, 9, 29, 9, 30), China()), WarningLevel::kYellow);
  EXPECT_EQ(StageWarning(clock, Cst(2024, 9, 29, 9, 59), China()), WarningLevel::kYellow);
  EXPECT_EQ(StageWarning(clock, Cst(2024, 9, 29, 10, 0), China()), WarningLevel::kRed);
  EXPECT_EQ(StageWarning(clock, Cst(2024, 10, 3, 10, 0), China()), WarningLevel::kRed);
  EXPECT_EQ(StagePercentUsed(clock, Cst(2024, 9, 28, 12, 0), China()), 25);
  EXPECT_EQ(StagePercentUsed(clock, Cst(2024, 9, 29, 9, 30), China()), 75);
  EXPECT_EQ(StagePercentUsed(clock, Cst(2024, 9, 29, 11, 0), China()), 150);
  // On a plain week the same whistle is due Monday 10:00.
  EXPECT_EQ(StageDeadline(clock, calendar::WorkingCalendar()), Cst(2024, 9, 30, 10, 0));
}

TEST(StageWarningTest, UrgentCheckInRunsOnCalendarTime) {
  const StageClock clock{EscalationStage::kCheckIn, Cst(2024, 10, 1, 22, 0),
                         EscalationPolicy::Default(Urgency::kUrgent).check_in};
  EXPECT_EQ(StageDeadline(clock, China()), Cst(2024, 10, 1, 23, 0));
  EXPECT_EQ(StageWarning(clock, Cst(2024, 10, 1, 22, 44), China()), WarningLevel::kNone);
  EXPECT_EQ(StageWarning(clock, Cst(2024, 10, 1, 22, 45), China()), WarningLevel::kYellow);
  EXPECT_EQ(StageWarning(clock, Cst(2024, 10, 1, 23, 0), China()), WarningLevel::kRed);
}

TEST(StageWarningTest, HandleWithinFiveWorkingDays) {
  // Checked in Monday 2024-11-18 09:00: due at the end of Monday 11-25.
  const StageClock clock{EscalationStage::kHandle, Cst(2024, 11, 18, 9, 0),
                         EscalationPolicy::Default(Urgency::kNormal).handle};
  EXPECT_EQ(StageDeadline(clock, China()), Cst(2024, 11, 26));
  // Working time to the deadline: 7 h on the first day + 5 × 7.5 h = 44.5 h; yellow at 75%.
  EXPECT_EQ(StageWarning(clock, Cst(2024, 11, 21, 17, 30), China()), WarningLevel::kNone);  // 66%
  EXPECT_EQ(StageWarning(clock, Cst(2024, 11, 22, 17, 30), China()), WarningLevel::kYellow);
  EXPECT_EQ(StageWarning(clock, Cst(2024, 11, 25, 23, 59), China()), WarningLevel::kYellow);
  EXPECT_EQ(StagePercentUsed(clock, Cst(2024, 11, 25, 23, 59), China()), 99);
  EXPECT_EQ(StageWarning(clock, Cst(2024, 11, 26), China()), WarningLevel::kRed);
  // The warning never goes back down as time passes.
  WarningLevel previous = WarningLevel::kNone;
  for (int64_t now = clock.started_at_millis; now < Cst(2024, 11, 28);
       now += 17 * kMillisPerMinute) {
    const WarningLevel level = StageWarning(clock, now, China());
    ASSERT_GE(static_cast<int>(level), static_cast<int>(previous));
    previous = level;
  }
}

TEST(ExtensionTest, ApprovedExtensionsMoveTheDeadline) {
  StageClock clock{EscalationStage::kHandle, Cst(2024, 11, 18, 9, 0), {LimitUnit::kWorkingDays, 5}};
  auto extended = ApplyApprovedExtension(clock, {3, "需协调供电公司停电施工"});
  ASSERT_TRUE(extended.ok()) << extended.error().message;
  EXPECT_EQ(extended->extension_amount, 3);
  EXPECT_EQ(extended->extension_count, 1);
  EXPECT_EQ(StageDeadline(*extended, China()), Cst(2024, 11, 29));  // end of Thursday 11-28
  EXPECT_EQ(StageWarning(*extended, Cst(2024, 11, 26), China()), WarningLevel::kNone);

  // At most the original limit in total, at most twice.
  auto too_long = ApplyApprovedExtension(*extended, {3, "再延"});
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.error().field, "amount");
  EXPECT_NE(too_long.error().message.find("最多可延 2"), std::string::npos);
  auto second = ApplyApprovedExtension(*extended, {2, "再延"});
  ASSERT_TRUE(second.ok());
  auto third = ApplyApprovedExtension(*second, {1, "又延"});
  ASSERT_FALSE(third.ok());
  EXPECT_EQ(third.error().code, core::ErrorCode::kFailedPrecondition);

  EXPECT_EQ(ValidateExtensionRequest(clock, {0, "x"}).error().field, "amount");
  EXPECT_EQ(ValidateExtensionRequest(clock, {1, " "}).error().field, "reason");
  StageClock check_in{EscalationStage::kCheckIn, 0, {LimitUnit::kWorkingHours, 2}};
  EXPECT_EQ(ValidateExtensionRequest(check_in, {1, "忙"}).error().code,
            core::ErrorCode::kFailedPrecondition);
}

TEST(SupervisionTest, LevelsRiseOneStepAtATime) {
  auto level = RaiseSupervision(SupervisionLevel::kNone);
  ASSERT_TRUE(level.ok());
  EXPECT_EQ(*level, SupervisionLevel::kReminder);
  EXPECT_EQ(*RaiseSupervision(*level), SupervisionLevel::kSupervision);
  EXPECT_EQ(*RaiseSupervision(SupervisionLevel::kSupervision),
            SupervisionLevel::kListedSupervision);
  auto top = RaiseSupervision(SupervisionLevel::kListedSupervision);
  ASSERT_FALSE(top.ok());
  EXPECT_EQ(top.error().code, core::ErrorCode::kFailedPrecondition);
  EXPECT_EQ(SupervisionLevelLabel(SupervisionLevel::kListedSupervision), "挂牌督办");
  EXPECT_EQ(SupervisionLevelFromName("listed_supervision"), SupervisionLevel::kListedSupervision);
}

TEST(SupervisionTest, AutomaticLevelFollowsWorkingDaysOverdue) {
  // Due at the end of Friday 2024-09-27, just before National Day.
  const StageClock clock{
      EscalationStage::kHandle, Cst(2024, 9, 26, 10, 0), {LimitUnit::kWorkingDays, 1}};
  ASSERT_EQ(StageDeadline(clock, China()), Cst(2024, 9, 28));
  const calendar::WorkingCalendar& china = China();
  EXPECT_EQ(AutomaticSupervisionLevel(clock, Cst(2024, 9, 27, 20, 0), china),
            SupervisionLevel::kNone);
  EXPECT_EQ(AutomaticSupervisionLevel(clock, Cst(2024, 9, 28, 10, 0), china),
            SupervisionLevel::kReminder);  // Saturday
  EXPECT_EQ(AutomaticSupervisionLevel(clock, Cst(2024, 9, 29, 10, 0), china),
            SupervisionLevel::kSupervision);  // make-up Sunday: 1 working day overdue
  EXPECT_EQ(AutomaticSupervisionLevel(clock, Cst(2024, 10, 5, 10, 0), china),
            SupervisionLevel::kSupervision);  // holiday: still 2
  EXPECT_EQ(AutomaticSupervisionLevel(clock, Cst(2024, 10, 8, 10, 0), china),
            SupervisionLevel::kListedSupervision);  // 3 working days
}

}  // namespace
}  // namespace linli::events
