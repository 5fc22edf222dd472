// The stages the whistle's services share: a new escalation's check-in clock and deadline, the
// handle stage's deadline, no stage once closed, and a view's warning and allowed actions.
#include "domain/events/internal/escalation_stages.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace linli::events::internal {
namespace {

using calendar::kMillisPerHour;

constexpr char kCommunity[] = "321002001001";
constexpr char kDepartment[] = "市城管局";

int64_t Cst(int year, int month, int day, int hour) {
  return calendar::StartOfChinaDay(*calendar::Date::FromCivil(year, month, day)) +
         hour * kMillisPerHour;
}

access::Caller With(access::Role role, const std::string& scope,
                    const std::string& department = "") {
  access::Principal principal;
  principal.account_id = 5;
  principal.grants.push_back({role, scope, department});
  return access::Caller(std::move(principal), "127.0.0.1", "r-test");
}

Event AnEvent() {
  Event event;
  event.id = 3;
  event.place_code = kCommunity;
  event.urgency = Urgency::kNormal;
  return event;
}

bool Has(const std::vector<std::string>& actions, const std::string& action) {
  return std::find(actions.begin(), actions.end(), action) != actions.end();
}

TEST(EscalationStagesTest, ANewEscalationAwaitsCheckInWithinTwoWorkingHours) {
  const calendar::WorkingCalendar plain_weeks;
  const int64_t monday9 = Cst(2026, 3, 2, 9);
  Escalation escalation =
      NewEscalation(AnEvent(), kDepartment, "需要执法", int64_t{8}, "社区", monday9, plain_weeks);
  EXPECT_EQ(escalation.event_id, 3);
  EXPECT_EQ(escalation.place_code, kCommunity);
  EXPECT_EQ(escalation.state, EscalationState::kAwaitingCheckIn);
  EXPECT_TRUE(escalation.has_stage);
  EXPECT_EQ(escalation.clock.stage, EscalationStage::kCheckIn);
  EXPECT_EQ(escalation.stage_deadline_at, std::optional<int64_t>(Cst(2026, 3, 2, 11)));
  EXPECT_EQ(escalation.check_in_deadline_at, Cst(2026, 3, 2, 11));
  EXPECT_EQ(escalation.whistler_account_id, std::optional<int64_t>(8));
  EXPECT_EQ(escalation.created_at, monday9);
  EXPECT_FALSE(escalation.handle_deadline_at.has_value());
}

TEST(EscalationStagesTest, EnteringHandleSetsItsDeadlineAndClosedHasNoStage) {
  const calendar::WorkingCalendar plain_weeks;
  const int64_t monday9 = Cst(2026, 3, 2, 9);
  Escalation escalation =
      NewEscalation(AnEvent(), kDepartment, "x", std::nullopt, "", monday9, plain_weeks);
  escalation.warned_level = 2;
  escalation.state = EscalationState::kHandling;
  EnterStage(escalation, monday9, plain_weeks);
  EXPECT_EQ(escalation.clock.stage, EscalationStage::kHandle);
  EXPECT_EQ(escalation.warned_level, 0);  // a new stage warns afresh
  // Five working days from Monday: due at the end of the next Monday.
  EXPECT_EQ(escalation.stage_deadline_at, std::optional<int64_t>(Cst(2026, 3, 10, 0)));
  EXPECT_EQ(escalation.handle_deadline_at, escalation.stage_deadline_at);
  escalation.state = EscalationState::kClosed;
  EnterStage(escalation, monday9, plain_weeks);
  EXPECT_FALSE(escalation.has_stage);
  EXPECT_FALSE(escalation.stage_deadline_at.has_value());
}

TEST(EscalationStagesTest, AViewWarnsOnTheCalendarAndOffersWhatTheCallerMayDo) {
  const calendar::WorkingCalendar plain_weeks;
  const int64_t monday9 = Cst(2026, 3, 2, 9);
  Escalation escalation =
      NewEscalation(AnEvent(), kDepartment, "x", std::nullopt, "", monday9, plain_weeks);
  const auto officer = With(access::Role::kDepartmentOfficer, "3210", kDepartment);
  const auto worker = With(access::Role::kCommunityWorker, kCommunity);
  auto fresh = ViewOf(escalation, &officer, monday9, plain_weeks);
  EXPECT_EQ(fresh.warning, WarningLevel::kNone);
  EXPECT_EQ(fresh.percent_used, 0);
  EXPECT_TRUE(Has(fresh.allowed_actions, "check_in"));
  EXPECT_FALSE(Has(fresh.allowed_actions, "withdraw"));
  auto late = ViewOf(escalation, &worker, monday9 + 2 * kMillisPerHour, plain_weeks);
  EXPECT_EQ(late.warning, WarningLevel::kRed);
  EXPECT_EQ(late.percent_used, 100);
  EXPECT_TRUE(Has(late.allowed_actions, "withdraw"));
  EXPECT_FALSE(Has(late.allowed_actions, "check_in"));
  EXPECT_TRUE(ViewOf(escalation, nullptr, monday9, plain_weeks).allowed_actions.empty());
}

}  // namespace
}  // namespace linli::events::internal
