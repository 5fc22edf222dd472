// Exhaustive tables: every state × every action of each machine is written down here, either
// as the expected next state or as "-" (refused with 409). A state or action added to a machine
// without a row or column here fails its EveryStateTimesEveryAction test.
#include "domain/events/event_lifecycle.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "core/state_machine_testing.hpp"
#include "domain/events/escalation.hpp"

namespace linli::events {
namespace {

using core::testing::CheckMachine;
using core::testing::ParseTable;
using core::testing::Rated;
using core::testing::Reason;

EventTransitionContext Assigned(std::string assignee) {
  EventTransitionContext context;
  context.assignee = std::move(assignee);
  return context;
}
EscalationTransitionContext Pending(std::string reason) {
  EscalationTransitionContext context;
  context.reason = std::move(reason);
  context.extension_pending = true;
  return context;
}
EscalationTransitionContext AtLevel(SupervisionLevel level) {
  EscalationTransitionContext context;
  context.supervision_level = level;
  return context;
}

constexpr std::string_view kEventTable = R"(
state       | assign   | start       | escalate  | resolve  | verify   | reject_verification | close  | reopen      | cancel
reported    | assigned | -           | escalated | resolved | -        | -                   | -      | -           | cancelled
assigned    | assigned | in_progress | escalated | -        | -        | -                   | -      | -           | cancelled
in_progress | assigned | -           | escalated | resolved | -        | -                   | -      | -           | -
escalated   | assigned | -           | -         | resolved | -        | -                   | -      | -           | -
resolved    | -        | -           | -         | -        | verified | in_progress         | -      | -           | -
verified    | -        | -           | -         | -        | -        | -                   | closed | -           | -
closed      | -        | -           | -         | -        | -        | -                   | -      | in_progress | -
cancelled   | -        | -           | -         | -        | -        | -                   | -      | -           | -
)";

EventTransitionContext ValidEventContext(EventAction) {
  EventTransitionContext context;
  context.reason = "占道经营反复出现";
  context.assignee = "321002001001";
  return context;
}

TEST(EventLifecycleTest, EveryStateTimesEveryAction) {
  CheckMachine<EventState, EventAction, EventTransitionContext>(
      ParseTable(kEventTable), AllEventStates(), AllEventActions(), &EventStateName,
      &EventStateLabel, &EventActionName, &EventActionLabel, "事件", &ValidEventContext);
}

TEST(EventLifecycleTest, ContextRequirements) {
  EXPECT_EQ(Transition(EventState::kReported, EventAction::kAssign, {}).error().field, "assignee");
  for (EventAction action : {EventAction::kEscalate, EventAction::kCancel}) {
    auto result = Transition(EventState::kReported, action, Assigned("x"));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, core::ErrorCode::kValidationFailed);
    EXPECT_EQ(result.error().field, "reason");
  }
  EXPECT_EQ(Transition(EventState::kResolved, EventAction::kRejectVerification, {}).error().field,
            "reason");
  EXPECT_EQ(Transition(EventState::kClosed, EventAction::kReopen, {}).error().field, "reason");
  EXPECT_TRUE(Transition(EventState::kResolved, EventAction::kVerify, {}).ok());
}

TEST(EventLifecycleTest, Open311StatusAndNames) {
  for (EventState state : AllEventStates()) {
    EXPECT_EQ(EventStateFromName(EventStateName(state)), state);
    EXPECT_EQ(IsEventOpen(state), state != EventState::kClosed && state != EventState::kCancelled);
  }
  for (EventAction action : AllEventActions()) {
    EXPECT_EQ(EventActionFromName(EventActionName(action)), action);
  }
  EXPECT_EQ(UrgencyFromName("urgent"), Urgency::kUrgent);
  EXPECT_EQ(UrgencyFromName("normal"), Urgency::kNormal);
  EXPECT_FALSE(UrgencyFromName("critical").has_value());
}

// ---------------------------------------------------------------------------------------------

constexpr std::string_view kEscalationTable = R"(
state                 | check_in | decline  | request_extension | approve_extension | reject_extension | give_feedback         | verify_pass | verify_fail | reopen   | supervise             | withdraw  | rate
awaiting_check_in     | handling | declined | -                 | -                 | -                | -                     | -           | -           | -        | awaiting_check_in     | withdrawn | -
handling              | -        | -        | handling          | handling          | handling         | awaiting_verification | -           | -           | -        | handling              | withdrawn | -
awaiting_verification | -        | -        | -                 | -                 | -                | -                     | closed      | handling    | -        | awaiting_verification | -         | -
closed                | -        | -        | -                 | -                 | -                | -                     | -           | -           | handling | -                     | -         | closed
declined              | -        | -        | -                 | -                 | -                | -                     | -           | -           | -        | -                     | -         | -
withdrawn             | -        | -        | -                 | -                 | -                | -                     | -           | -           | -        | -                     | -         | -
)";

EscalationTransitionContext ValidEscalationContext(EscalationAction action) {
  EscalationTransitionContext context;
  context.reason = "需要协调管线迁改";
  context.feedback = "已清运垃圾并设置围挡";
  context.extension_pending =
      action == EscalationAction::kApproveExtension || action == EscalationAction::kRejectExtension;
  context.supervision_level = SupervisionLevel::kNone;
  context.rating = 4;
  return context;
}

TEST(EscalationLifecycleTest, EveryStateTimesEveryAction) {
  CheckMachine<EscalationState, EscalationAction, EscalationTransitionContext>(
      ParseTable(kEscalationTable), AllEscalationStates(), AllEscalationActions(),
      &EscalationStateName, &EscalationStateLabel, &EscalationActionName, &EscalationActionLabel,
      "吹哨事项", &ValidEscalationContext);
}

TEST(EscalationLifecycleTest, ContextRequirements) {
  using S = EscalationState;
  using A = EscalationAction;
  EXPECT_EQ(Transition(S::kAwaitingCheckIn, A::kDecline, {}).error().field, "reason");
  EXPECT_EQ(Transition(S::kHandling, A::kWithdraw, {}).error().field, "reason");
  EXPECT_EQ(Transition(S::kHandling, A::kGiveFeedback, {}).error().field, "feedback");
  EXPECT_EQ(Transition(S::kAwaitingVerification, A::kVerifyFail, {}).error().field, "reason");
  EXPECT_EQ(Transition(S::kClosed, A::kReopen, {}).error().field, "reason");
  // One extension request pending at a time.
  auto twice = Transition(S::kHandling, A::kRequestExtension, Pending("等待材料"));
  EXPECT_EQ(twice.error().code, core::ErrorCode::kFailedPrecondition);
  EXPECT_EQ(Transition(S::kHandling, A::kRequestExtension, {}).error().field, "reason");
  EXPECT_EQ(Transition(S::kHandling, A::kApproveExtension, {}).error().code,
            core::ErrorCode::kFailedPrecondition);
  EXPECT_EQ(Transition(S::kHandling, A::kRejectExtension, Pending("")).error().field, "reason");
  // Supervision stops at the top level.
  auto top = Transition(S::kHandling, A::kSupervise, AtLevel(SupervisionLevel::kListedSupervision));
  EXPECT_EQ(top.error().code, core::ErrorCode::kFailedPrecondition);
  EXPECT_TRUE(
      Transition(S::kHandling, A::kSupervise, AtLevel(SupervisionLevel::kSupervision)).ok());
  // Rating once per rater, 1..5.
  EXPECT_EQ(Transition(S::kClosed, A::kRate, Rated<EscalationTransitionContext>(9)).error().field,
            "rating");
  EXPECT_EQ(
      Transition(S::kClosed, A::kRate, Rated<EscalationTransitionContext>(3, true)).error().code,
      core::ErrorCode::kFailedPrecondition);
}

TEST(EscalationLifecycleTest, StagesAndNames) {
  EXPECT_EQ(StageOf(EscalationState::kAwaitingCheckIn), EscalationStage::kCheckIn);
  EXPECT_EQ(StageOf(EscalationState::kHandling), EscalationStage::kHandle);
  EXPECT_EQ(StageOf(EscalationState::kAwaitingVerification), EscalationStage::kVerify);
  EXPECT_FALSE(StageOf(EscalationState::kClosed).has_value());
  EXPECT_FALSE(StageOf(EscalationState::kDeclined).has_value());
  for (EscalationState state : AllEscalationStates()) {
    EXPECT_EQ(EscalationStateFromName(EscalationStateName(state)), state);
    // Exactly the open states have a stage, and only they can be supervised.
    EXPECT_EQ(StageOf(state).has_value(),
              NextEscalationState(state, EscalationAction::kSupervise).has_value());
  }
  for (EscalationAction action : AllEscalationActions()) {
    EXPECT_EQ(EscalationActionFromName(EscalationActionName(action)), action);
  }
}

}  // namespace
}  // namespace linli::events
