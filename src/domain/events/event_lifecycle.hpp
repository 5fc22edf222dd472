// The lifecycle of an event (事件) reported from a grid, and its urgency.
//
//   reported ──assign──▶ assigned ──start──▶ in_progress ──resolve──▶ resolved ──verify──▶ verified
//      │  └resolve (handled on the spot, 就地解决)                         │ reject_verification
//      │                                                                  ▼ (back to in_progress)
//      ├ escalate (reported/assigned/in_progress; skip-level or 吹哨) ▶ escalated
//      │     escalated ──resolve──▶ resolved;  escalated ──assign──▶ assigned (handed back down)
//      └ cancel (reported/assigned; duplicate or invalid, reason) ▶ cancelled
//   verified ──close──▶ closed ──reopen (reason)──▶ in_progress
//
// States:
//   reported     已上报: a grid worker, resident or official reported it; nobody owns it yet.
//   assigned     已分派: routed to a handler (community, town or department); not started.
//   in_progress  处置中: the handler works on it.
//   escalated    已吹哨/已上报: the community or town raised it to departments (the Escalation
//                records track each department) or sent it up a level.
//   resolved     已处置: the handler reports it done; waits for verification.
//   verified     已核查: the community (or the reporter's grid worker) checked it on site.
//   closed       已结案: archived; Open311 "closed".
//   cancelled    已作废: duplicate or invalid report; Open311 "closed".
// Actions: assign (also reassign), start, escalate, resolve, verify, reject_verification, close,
// reopen, cancel.
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace linli::events {

// Normal matters run on working time; urgent ones on calendar time and may skip levels.
enum class Urgency {
  kNormal,  // normal 一般
  kUrgent,  // urgent 紧急
};
std::string_view UrgencyName(Urgency urgency);
std::string_view UrgencyLabel(Urgency urgency);
std::optional<Urgency> UrgencyFromName(std::string_view name);

enum class EventState {
  kReported,
  kAssigned,
  kInProgress,
  kEscalated,
  kResolved,
  kVerified,
  kClosed,
  kCancelled,
};

enum class EventAction {
  kAssign,
  kStart,
  kEscalate,
  kResolve,
  kVerify,
  kRejectVerification,
  kClose,
  kReopen,
  kCancel,
};

std::string_view EventStateName(EventState state);
std::string_view EventStateLabel(EventState state);
std::optional<EventState> EventStateFromName(std::string_view name);
std::string_view EventActionName(EventAction action);
std::string_view EventActionLabel(EventAction action);
std::optional<EventAction> EventActionFromName(std::string_view name);
std::vector<EventState> AllEventStates();
std::vector<EventAction> AllEventActions();

struct EventTransitionContext {
  std::string reason;    // required for escalate, reject_verification, reopen, cancel
  std::string assignee;  // required for assign: who takes it (a division code or department)
};

// The next state; kFailedPrecondition (409) naming state and action when refused;
// kValidationFailed (422, field "reason" / "assignee") when the context lacks what the action
// needs.
core::Result<EventState> Transition(EventState state, EventAction action,
                                    const EventTransitionContext& context);
std::optional<EventState> NextEventState(EventState state, EventAction action);
std::vector<EventAction> AllowedEventActions(EventState state);

// Open311 GeoReport v2 status: "open" until closed or cancelled.
bool IsEventOpen(EventState state);

}  // namespace linli::events
