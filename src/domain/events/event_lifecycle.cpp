#include "domain/events/event_lifecycle.hpp"

#include <array>

#include "core/state_machine.hpp"

namespace linli::events {
namespace {

using S = EventState;
using A = EventAction;
using Rule = core::TransitionRule<EventState, EventAction>;

constexpr std::array kRules = {
    Rule{S::kReported, A::kAssign, S::kAssigned},
    Rule{S::kReported, A::kEscalate, S::kEscalated},
    Rule{S::kReported, A::kResolve, S::kResolved},
    Rule{S::kReported, A::kCancel, S::kCancelled},
    Rule{S::kAssigned, A::kAssign, S::kAssigned},
    Rule{S::kAssigned, A::kStart, S::kInProgress},
    Rule{S::kAssigned, A::kEscalate, S::kEscalated},
    Rule{S::kAssigned, A::kCancel, S::kCancelled},
    Rule{S::kInProgress, A::kAssign, S::kAssigned},
    Rule{S::kInProgress, A::kEscalate, S::kEscalated},
    Rule{S::kInProgress, A::kResolve, S::kResolved},
    Rule{S::kEscalated, A::kAssign, S::kAssigned},
    Rule{S::kEscalated, A::kResolve, S::kResolved},
    Rule{S::kResolved, A::kVerify, S::kVerified},
    Rule{S::kResolved, A::kRejectVerification, S::kInProgress},
    Rule{S::kVerified, A::kClose, S::kClosed},
    Rule{S::kClosed, A::kReopen, S::kInProgress},
};

bool Blank(const std::string& text) {
  return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

}  // namespace

std::string_view UrgencyName(Urgency urgency) {
  switch (urgency) {
    case Urgency::kNormal:
      return "normal";
    case Urgency::kUrgent:
      return "urgent";
  }
  return "";
}

std::string_view UrgencyLabel(Urgency urgency) {
  switch (urgency) {
    case Urgency::kNormal:
      return "一般";
    case Urgency::kUrgent:
      return "紧急";
  }
  return "";
}

std::optional<Urgency> UrgencyFromName(std::string_view name) {
  for (Urgency urgency : core::EnumerateNamed<Urgency>(&UrgencyName)) {
    if (UrgencyName(urgency) == name) return urgency;
  }
  return std::nullopt;
}

std::string_view EventStateName(EventState state) {
  switch (state) {
    case S::kReported:
      return "reported";
    case S::kAssigned:
      return "assigned";
    case S::kInProgress:
      return "in_progress";
    case S::kEscalated:
      return "escalated";
    case S::kResolved:
      return "resolved";
    case S::kVerified:
      return "verified";
    case S::kClosed:
      return "closed";
    case S::kCancelled:
      return "cancelled";
  }
  return "";
}

std::string_view EventStateLabel(EventState state) {
  switch (state) {
    case S::kReported:
      return "已上报";
    case S::kAssigned:
      return "已分派";
    case S::kInProgress:
      return "处置中";
    case S::kEscalated:
      return "已吹哨";
    case S::kResolved:
      return "已处置";
    case S::kVerified:
      return "已核查";
    case S::kClosed:
      return "已结案";
    case S::kCancelled:
      return "已作废";
  }
  return "";
}

std::string_view EventActionName(EventAction action) {
  switch (action) {
    case A::kAssign:
      return "assign";
    case A::kStart:
      return "start";
    case A::kEscalate:
      return "escalate";
    case A::kResolve:
      return "resolve";
    case A::kVerify:
      return "verify";
    case A::kRejectVerification:
      return "reject_verification";
    case A::kClose:
      return "close";
    case A::kReopen:
      return "reopen";
    case A::kCancel:
      return "cancel";
  }
  return "";
}

std::string_view EventActionLabel(EventAction action) {
  switch (action) {
    case A::kAssign:
      return "分派";
    case A::kStart:
      return "开始处置";
    case A::kEscalate:
      return "吹哨上报";
    case A::kResolve:
      return "处置完成";
    case A::kVerify:
      return "核查通过";
    case A::kRejectVerification:
      return "核查不通过";
    case A::kClose:
      return "结案";
    case A::kReopen:
      return "重新启动";
    case A::kCancel:
      return "作废";
  }
  return "";
}

std::vector<EventState> AllEventStates() {
  return core::EnumerateNamed<EventState>(&EventStateName);
}
std::vector<EventAction> AllEventActions() {
  return core::EnumerateNamed<EventAction>(&EventActionName);
}

std::optional<EventState> EventStateFromName(std::string_view name) {
  for (EventState state : AllEventStates()) {
    if (EventStateName(state) == name) return state;
  }
  return std::nullopt;
}

std::optional<EventAction> EventActionFromName(std::string_view name) {
  for (EventAction action : AllEventActions()) {
    if (EventActionName(action) == name) return action;
  }
  return std::nullopt;
}

std::optional<EventState> NextEventState(EventState state, EventAction action) {
  return core::FindTransition<EventState, EventAction>(kRules, state, action);
}

std::vector<EventAction> AllowedEventActions(EventState state) {
  std::vector<EventAction> actions;
  for (EventAction action : AllEventActions()) {
    if (NextEventState(state, action)) actions.push_back(action);
  }
  return actions;
}

core::Result<EventState> Transition(EventState state, EventAction action,
                                    const EventTransitionContext& context) {
  const std::optional<EventState> next = NextEventState(state, action);
  if (!next)
    return core::RefusedTransition("事件", EventStateLabel(state), EventActionLabel(action));
  switch (action) {
    case A::kAssign:
      if (Blank(context.assignee)) return core::Error::Validation("请选择承办单位", "assignee");
      break;
    case A::kEscalate:
      if (Blank(context.reason)) return core::Error::Validation("请填写吹哨上报的事由", "reason");
      break;
    case A::kRejectVerification:
      if (Blank(context.reason)) return core::Error::Validation("请填写核查不通过的原因", "reason");
      break;
    case A::kReopen:
      if (Blank(context.reason)) return core::Error::Validation("请填写重新启动的原因", "reason");
      break;
    case A::kCancel:
      if (Blank(context.reason)) return core::Error::Validation("请填写作废原因", "reason");
      break;
    case A::kStart:
    case A::kResolve:
    case A::kVerify:
    case A::kClose:
      break;
  }
  return *next;
}

bool IsEventOpen(EventState state) { return state != S::kClosed && state != S::kCancelled; }

}  // namespace linli::events
