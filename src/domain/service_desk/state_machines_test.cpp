// Exhaustive tables: every state × every action of each machine is written down here, either
// as the expected next state or as "-" (refused with 409). A state or action added to a machine
// without a row or column here fails TableCoversEveryStateAndAction.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "domain/service_desk/escalation.hpp"
#include "domain/service_desk/event_lifecycle.hpp"
#include "domain/service_desk/request_lifecycle.hpp"

namespace linli::service_desk {
namespace {

std::string Trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  return std::string(text.substr(first, last - first + 1));
}

std::vector<std::string> SplitCells(std::string_view line) {
  std::vector<std::string> cells;
  size_t start = 0;
  while (true) {
    const size_t bar = line.find('|', start);
    cells.push_back(Trim(line.substr(start, bar == std::string_view::npos ? bar : bar - start)));
    if (bar == std::string_view::npos) return cells;
    start = bar + 1;
  }
}

// (state, action) → expected next state name, or "-".
struct Table {
  std::vector<std::string> actions;
  std::vector<std::string> states;
  std::map<std::pair<std::string, std::string>, std::string> cells;
};

Table ParseTable(std::string_view text) {
  Table table;
  size_t start = 0;
  bool header = true;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    start = end + 1;
    if (Trim(line).empty()) continue;
    std::vector<std::string> cells = SplitCells(line);
    if (header) {
      table.actions.assign(cells.begin() + 1, cells.end());
      header = false;
      continue;
    }
    EXPECT_EQ(cells.size(), table.actions.size() + 1) << "row: " << line;
    table.states.push_back(cells[0]);
    for (size_t i = 1; i < cells.size() && i <= table.actions.size(); ++i) {
      table.cells[{cells[0], table.actions[i - 1]}] = cells[i];
    }
  }
  return table;
}

template <typename Enum>
std::vector<std::string> Names(const std::vector<Enum>& values, std::string_view (*name)(Enum)) {
  std::vector<std::string> out;
  for (Enum value : values) out.emplace_back(name(value));
  return out;
}

// Checks the machine against the table.
template <typename State, typename Action, typename Context, typename ContextFor>
void CheckMachine(const Table& table, const std::vector<State>& states,
                  const std::vector<Action>& actions, std::string_view (*state_name)(State),
                  std::string_view (*state_label)(State), std::string_view (*action_name)(Action),
                  std::string_view (*action_label)(Action), std::string_view subject,
                  ContextFor context_for) {
  // Every state and action has a row / column, and nothing else does.
  EXPECT_EQ(std::set<std::string>(table.states.begin(), table.states.end()), [&] {
    auto names = Names(states, state_name);
    return std::set<std::string>(names.begin(), names.end());
  }());
  EXPECT_EQ(table.states.size(), states.size()) << "a state is listed twice";
  EXPECT_EQ(Names(actions, action_name), table.actions);
  int allowed = 0;
  for (State state : states) {
    for (Action action : actions) {
      const std::string key_state(state_name(state));
      const std::string key_action(action_name(action));
      auto cell = table.cells.find({key_state, key_action});
      ASSERT_NE(cell, table.cells.end()) << key_state << " × " << key_action;
      const Context context = context_for(action);
      auto result = Transition(state, action, context);
      if (cell->second == "-") {
        ASSERT_FALSE(result.ok()) << key_state << " × " << key_action << " should be refused";
        EXPECT_EQ(result.error().code, core::ErrorCode::kFailedPrecondition);
        EXPECT_EQ(core::HttpStatusOf(result.error().code), 409);
        EXPECT_EQ(result.error().message,
                  std::string(subject) + "当前为「" + std::string(state_label(state)) +
                      "」状态，不能执行「" + std::string(action_label(action)) + "」操作");
      } else {
        ++allowed;
        ASSERT_TRUE(result.ok()) << key_state << " × " << key_action << ": "
                                 << result.error().message;
        EXPECT_EQ(state_name(*result), cell->second) << key_state << " × " << key_action;
      }
    }
  }
  EXPECT_GT(allowed, 0);
}

// Context builders (the contexts are aggregates; these keep the tests short).
template <typename Context>
Context Reason(std::string reason) {
  Context context;
  context.reason = std::move(reason);
  return context;
}
template <typename Context>
Context Rated(int rating, bool already_rated = false) {
  Context context;
  context.rating = rating;
  context.already_rated = already_rated;
  return context;
}
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

// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------

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
}  // namespace linli::service_desk
