// The lifecycle of a service request (办事申请): states, actions, and the pure transition
// function the request service calls before it records a change (with actor and time).
//
//   submitted ──accept──▶ accepted ──start──▶ in_progress ──complete──▶ completed ──close──▶ closed
//       │ reject ▶ rejected ──close──▶ closed                               │ rate (once, stays)
//       │ return_for_material ▶ returned ──resubmit──▶ resubmitted (acts like submitted)
//       │                          └─close (no reply; reason)──▶ closed
//       └ withdraw (by the applicant, any time before completion) ▶ withdrawn
//
// States:
//   submitted    提交待受理: filed through a channel, waiting for the desk.
//   accepted     已受理: the desk took it on; the promised time runs.
//   rejected     不予受理: refused at the door (reason required), e.g. not eligible, wrong item.
//   in_progress  办理中: being handled (review, home visit, approval by the department).
//   returned     退回补正: the applicant must add material (reason says what); the deadline
//                clock stops, and restarts on resubmission (补正期间不计入办理时限).
//   resubmitted  补正后重新提交: material added; the desk decides again like for submitted.
//   completed    已办结: handled; the outcome (granted or not) is recorded by the service.
//   closed       已归档: archived; nothing more happens.
//   withdrawn    已撤回: the applicant withdrew it; nothing more happens.
// Actions: accept, reject, start, return_for_material, resubmit, complete, close, withdraw,
// rate. withdraw, resubmit and rate come from the applicant's side (the applicant, or a worker
// filing on their behalf: entrusted / grid_proxy); the others from the desk.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "engines/calendar/working_calendar.hpp"

namespace linli::service_requests {

enum class RequestState {
  kSubmitted,
  kAccepted,
  kRejected,
  kInProgress,
  kReturned,
  kResubmitted,
  kCompleted,
  kClosed,
  kWithdrawn,
};

enum class RequestAction {
  kAccept,
  kReject,
  kStart,
  kReturnForMaterial,
  kResubmit,
  kComplete,
  kClose,
  kWithdraw,
  kRate,
};

enum class RequestActor { kApplicant, kDesk };

std::string_view RequestStateName(RequestState state);   // "submitted", ...
std::string_view RequestStateLabel(RequestState state);  // "提交待受理", ...
std::optional<RequestState> RequestStateFromName(std::string_view name);
std::string_view RequestActionName(RequestAction action);   // "return_for_material", ...
std::string_view RequestActionLabel(RequestAction action);  // "退回补正", ...
std::optional<RequestAction> RequestActionFromName(std::string_view name);
std::vector<RequestState> AllRequestStates();
std::vector<RequestAction> AllRequestActions();
RequestActor ActorOf(RequestAction action);

inline constexpr int kMinRating = 1;
inline constexpr int kMaxRating = 5;

struct RequestTransitionContext {
  std::string reason;         // required for reject, return_for_material, close from returned
  std::optional<int> rating;  // required for rate: 1..5
  bool already_rated = false;
};

// The next state, or kFailedPrecondition (409) "申请当前为「已办结」状态，不能执行「受理」操作"
// when the state does not allow the action; kValidationFailed (422, field "reason" / "rating")
// when the action is allowed but the context lacks what it needs; kFailedPrecondition when
// rating twice. The state check comes first.
core::Result<RequestState> Transition(RequestState state, RequestAction action,
                                      const RequestTransitionContext& context);
// Whether `action` is allowed from `state` (ignoring the context), and where it leads.
std::optional<RequestState> NextRequestState(RequestState state, RequestAction action);
// The actions a state allows, for the interface's buttons.
std::vector<RequestAction> AllowedRequestActions(RequestState state);

bool IsTerminal(RequestState state);  // closed, withdrawn
// True while the promised time runs (submitted, accepted, in_progress, resubmitted): these are
// the states the desk queue shows and the overdue flag looks at.
bool DeadlineClockRuns(RequestState state);

// Deadline of a request received at `received_millis` (the submission, or the resubmission after
// material was added) for an item promising `promised_working_days` (see
// calendar::WorkingCalendar::AddWorkingDays). Overdue when now >= deadline and the clock runs.
int64_t RequestDeadline(const calendar::WorkingCalendar& calendar, int64_t received_millis,
                        int promised_working_days);
bool IsOverdue(RequestState state, int64_t deadline_millis, int64_t now_millis);

}  // namespace linli::service_requests
