// Who sees an escalation and who may act on it: a department officer inside the grant's scope
// and department, a supervisor, the whistling community, and the event's reporter for a rating.
#include "domain/events/internal/visibility.hpp"

#include <gtest/gtest.h>

namespace linli::events::internal {
namespace {

constexpr char kCommunity[] = "321002001001";
constexpr char kDepartment[] = "市城管局";

access::Caller With(access::Role role, const std::string& scope,
                    const std::string& department = "") {
  access::Principal principal;
  principal.account_id = 5;
  principal.grants.push_back({role, scope, department});
  return access::Caller(std::move(principal), "127.0.0.1", "r-test");
}

Escalation AnEscalation(const std::string& place = kCommunity) {
  Escalation escalation;
  escalation.department = kDepartment;
  escalation.place_code = place;
  return escalation;
}

TEST(VisibilityTest, ADepartmentScopeIsTheOfficersGrantsForThatDepartment) {
  const auto officer = With(access::Role::kDepartmentOfficer, "321002", kDepartment);
  EXPECT_TRUE(DepartmentScope(officer, kDepartment).Covers(kCommunity));
  EXPECT_TRUE(DepartmentScope(officer, "市水务局").Empty());
  EXPECT_FALSE(DepartmentScope(officer, kDepartment).Covers("321003001001"));
  EXPECT_TRUE(DepartmentScope(With(access::Role::kCountyOfficial, "321002"), kDepartment).Empty());
  EXPECT_EQ(Hidden("吹哨记录").code, core::ErrorCode::kNotFound);
}

TEST(VisibilityTest, AnEscalationIsSeenInReadScopeOrByItsDepartment) {
  EXPECT_TRUE(CanSeeEscalation(AnEscalation(), With(access::Role::kCommunityWorker, kCommunity)));
  EXPECT_TRUE(CanSeeEscalation(AnEscalation(),
                               With(access::Role::kDepartmentOfficer, "3210", kDepartment)));
  EXPECT_FALSE(
      CanSeeEscalation(AnEscalation(), With(access::Role::kDepartmentOfficer, "3210", "市水务局")));
  EXPECT_FALSE(
      CanSeeEscalation(AnEscalation(), With(access::Role::kCommunityWorker, "321003001001")));
}

TEST(VisibilityTest, EachActionBelongsToWhoTakesThatStep) {
  const auto officer = With(access::Role::kDepartmentOfficer, "3210", kDepartment);
  const auto county = With(access::Role::kCountyOfficial, "321002");
  const auto worker = With(access::Role::kCommunityWorker, kCommunity);
  const auto resident = With(access::Role::kResident, kCommunity);
  auto may = [](EscalationAction action, const access::Caller& caller, bool reporter = false) {
    return MayAct(action, kDepartment, kCommunity, caller, reporter);
  };
  for (auto action : {EscalationAction::kCheckIn, EscalationAction::kDecline,
                      EscalationAction::kRequestExtension, EscalationAction::kGiveFeedback}) {
    EXPECT_TRUE(may(action, officer));
    EXPECT_FALSE(may(action, county));
    EXPECT_FALSE(may(action, worker));
  }
  for (auto action : {EscalationAction::kApproveExtension, EscalationAction::kRejectExtension,
                      EscalationAction::kSupervise}) {
    EXPECT_TRUE(may(action, county));
    EXPECT_FALSE(may(action, officer));
    EXPECT_FALSE(may(action, worker));
  }
  for (auto action : {EscalationAction::kVerifyPass, EscalationAction::kVerifyFail,
                      EscalationAction::kWithdraw, EscalationAction::kReopen}) {
    EXPECT_TRUE(may(action, worker));
    EXPECT_FALSE(may(action, officer));
    EXPECT_FALSE(may(action, resident, /*reporter=*/true));
  }
  EXPECT_TRUE(may(EscalationAction::kRate, worker));
  EXPECT_TRUE(may(EscalationAction::kRate, resident, /*reporter=*/true));
  EXPECT_FALSE(may(EscalationAction::kRate, resident));
  EXPECT_FALSE(may(EscalationAction::kRate, officer));
}

}  // namespace
}  // namespace linli::events::internal
