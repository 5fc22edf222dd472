// Exhaustive tables: every state × every action of each machine is written down here, either
// as the expected next state or as "-" (refused with 409). A state or action added to a machine
// without a row or column here fails its EveryStateTimesEveryAction test.
#include "domain/service_requests/request_lifecycle.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "core/state_machine_testing.hpp"

namespace linli::service_requests {
namespace {

using core::testing::CheckMachine;
using core::testing::ParseTable;
using core::testing::Rated;
using core::testing::Reason;

constexpr std::string_view kRequestTable = R"(
state       | accept   | reject   | start       | return_for_material | resubmit    | complete  | close  | withdraw  | rate
submitted   | accepted | rejected | -           | returned            | -           | -         | -      | withdrawn | -
accepted    | -        | -        | in_progress | returned            | -           | -         | -      | withdrawn | -
rejected    | -        | -        | -           | -                   | -           | -         | closed | -         | -
in_progress | -        | -        | -           | returned            | -           | completed | -      | withdrawn | -
returned    | -        | -        | -           | -                   | resubmitted | -         | closed | withdrawn | -
resubmitted | accepted | rejected | -           | returned            | -           | -         | -      | withdrawn | -
completed   | -        | -        | -           | -                   | -           | -         | closed | -         | completed
closed      | -        | -        | -           | -                   | -           | -         | -      | -         | -
withdrawn   | -        | -        | -           | -                   | -           | -         | -      | -         | -
)";

RequestTransitionContext ValidRequestContext(RequestAction) {
  RequestTransitionContext context;
  context.reason = "缺少户口簿复印件";
  context.rating = 5;
  return context;
}

TEST(RequestLifecycleTest, EveryStateTimesEveryAction) {
  CheckMachine<RequestState, RequestAction, RequestTransitionContext>(
      ParseTable(kRequestTable), AllRequestStates(), AllRequestActions(), &RequestStateName,
      &RequestStateLabel, &RequestActionName, &RequestActionLabel, "申请", &ValidRequestContext);
}

TEST(RequestLifecycleTest, RefusalNamesStateAndAction) {
  auto result = Transition(RequestState::kCompleted, RequestAction::kAccept, {});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().message, "申请当前为「已办结」状态，不能执行「受理」操作");
}

TEST(RequestLifecycleTest, ContextRequirements) {
  // The state check comes first: a refused action stays 409 even with a bad context.
  auto refused = Transition(RequestState::kClosed, RequestAction::kReject, {});
  EXPECT_EQ(refused.error().code, core::ErrorCode::kFailedPrecondition);

  auto no_reason = Transition(RequestState::kSubmitted, RequestAction::kReject,
                              Reason<RequestTransitionContext>("  "));
  ASSERT_FALSE(no_reason.ok());
  EXPECT_EQ(no_reason.error().code, core::ErrorCode::kValidationFailed);
  EXPECT_EQ(no_reason.error().field, "reason");
  EXPECT_EQ(
      Transition(RequestState::kAccepted, RequestAction::kReturnForMaterial, {}).error().field,
      "reason");
  // Closing an unanswered return needs a reason; closing a completed one does not.
  EXPECT_EQ(Transition(RequestState::kReturned, RequestAction::kClose, {}).error().field, "reason");
  EXPECT_TRUE(Transition(RequestState::kCompleted, RequestAction::kClose, {}).ok());
  // Rating: 1..5, once.
  EXPECT_EQ(Transition(RequestState::kCompleted, RequestAction::kRate, {}).error().field, "rating");
  EXPECT_EQ(
      Transition(RequestState::kCompleted, RequestAction::kRate, Rated<RequestTransitionContext>(6))
          .error()
          .field,
      "rating");
  EXPECT_EQ(
      Transition(RequestState::kCompleted, RequestAction::kRate, Rated<RequestTransitionContext>(0))
          .error()
          .field,
      "rating");
  EXPECT_TRUE(
      Transition(RequestState::kCompleted, RequestAction::kRate, Rated<RequestTransitionContext>(1))
          .ok());
  auto twice = Transition(RequestState::kCompleted, RequestAction::kRate,
                          Rated<RequestTransitionContext>(4, true));
  EXPECT_EQ(twice.error().code, core::ErrorCode::kFailedPrecondition);
}

TEST(RequestLifecycleTest, NamesRoundTripAndHelpers) {
  for (RequestState state : AllRequestStates()) {
    EXPECT_EQ(RequestStateFromName(RequestStateName(state)), state);
    EXPECT_FALSE(RequestStateLabel(state).empty());
  }
  for (RequestAction action : AllRequestActions()) {
    EXPECT_EQ(RequestActionFromName(RequestActionName(action)), action);
    EXPECT_FALSE(RequestActionLabel(action).empty());
  }
  EXPECT_FALSE(RequestStateFromName("done").has_value());
  EXPECT_EQ(ActorOf(RequestAction::kWithdraw), RequestActor::kApplicant);
  EXPECT_EQ(ActorOf(RequestAction::kRate), RequestActor::kApplicant);
  EXPECT_EQ(ActorOf(RequestAction::kAccept), RequestActor::kDesk);
  EXPECT_EQ(
      AllowedRequestActions(RequestState::kReturned),
      (std::vector{RequestAction::kResubmit, RequestAction::kClose, RequestAction::kWithdraw}));
  EXPECT_TRUE(AllowedRequestActions(RequestState::kClosed).empty());
  EXPECT_TRUE(IsTerminal(RequestState::kWithdrawn));
  EXPECT_FALSE(IsTerminal(RequestState::kCompleted));
  // Terminal states allow nothing.
  for (RequestState state : AllRequestStates()) {
    if (IsTerminal(state)) {
      EXPECT_TRUE(AllowedRequestActions(state).empty());
    }
  }
}

TEST(RequestLifecycleTest, DeadlineAndOverdue) {
  calendar::WorkingCalendar plain_week;
  // Friday 2024-09-27 10:00 CST, 3 working days on a plain week → due end of Wednesday 10-2.
  const int64_t filed = calendar::StartOfChinaDay(*calendar::Date::FromCivil(2024, 9, 27)) +
                        10 * calendar::kMillisPerHour;
  const int64_t deadline = RequestDeadline(plain_week, filed, 3);
  EXPECT_EQ(deadline, calendar::StartOfChinaDay(*calendar::Date::FromCivil(2024, 10, 3)));
  EXPECT_FALSE(IsOverdue(RequestState::kInProgress, deadline, deadline - 1));
  EXPECT_TRUE(IsOverdue(RequestState::kInProgress, deadline, deadline));
  EXPECT_TRUE(IsOverdue(RequestState::kSubmitted, deadline, deadline + 1));
  // The clock does not run while waiting for material or after completion.
  EXPECT_FALSE(IsOverdue(RequestState::kReturned, deadline, deadline + 1));
  EXPECT_FALSE(IsOverdue(RequestState::kCompleted, deadline, deadline + 1));
}

}  // namespace
}  // namespace linli::service_requests
