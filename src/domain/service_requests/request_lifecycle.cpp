#include "domain/service_requests/request_lifecycle.hpp"

#include <array>

#include "core/state_machine.hpp"

namespace linli::service_requests {
namespace {

using S = RequestState;
using A = RequestAction;
using Rule = core::TransitionRule<RequestState, RequestAction>;

constexpr std::array kRules = {
    Rule{S::kSubmitted, A::kAccept, S::kAccepted},
    Rule{S::kSubmitted, A::kReject, S::kRejected},
    Rule{S::kSubmitted, A::kReturnForMaterial, S::kReturned},
    Rule{S::kSubmitted, A::kWithdraw, S::kWithdrawn},
    Rule{S::kResubmitted, A::kAccept, S::kAccepted},
    Rule{S::kResubmitted, A::kReject, S::kRejected},
    Rule{S::kResubmitted, A::kReturnForMaterial, S::kReturned},
    Rule{S::kResubmitted, A::kWithdraw, S::kWithdrawn},
    Rule{S::kAccepted, A::kStart, S::kInProgress},
    Rule{S::kAccepted, A::kReturnForMaterial, S::kReturned},
    Rule{S::kAccepted, A::kWithdraw, S::kWithdrawn},
    Rule{S::kInProgress, A::kComplete, S::kCompleted},
    Rule{S::kInProgress, A::kReturnForMaterial, S::kReturned},
    Rule{S::kInProgress, A::kWithdraw, S::kWithdrawn},
    Rule{S::kReturned, A::kResubmit, S::kResubmitted},
    Rule{S::kReturned, A::kClose, S::kClosed},
    Rule{S::kReturned, A::kWithdraw, S::kWithdrawn},
    Rule{S::kRejected, A::kClose, S::kClosed},
    Rule{S::kCompleted, A::kRate, S::kCompleted},
    Rule{S::kCompleted, A::kClose, S::kClosed},
};

bool Blank(const std::string& text) {
  return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

}  // namespace

std::string_view RequestStateName(RequestState state) {
  switch (state) {
    case S::kSubmitted:
      return "submitted";
    case S::kAccepted:
      return "accepted";
    case S::kRejected:
      return "rejected";
    case S::kInProgress:
      return "in_progress";
    case S::kReturned:
      return "returned";
    case S::kResubmitted:
      return "resubmitted";
    case S::kCompleted:
      return "completed";
    case S::kClosed:
      return "closed";
    case S::kWithdrawn:
      return "withdrawn";
  }
  return "";
}

std::string_view RequestStateLabel(RequestState state) {
  switch (state) {
    case S::kSubmitted:
      return "提交待受理";
    case S::kAccepted:
      return "已受理";
    case S::kRejected:
      return "不予受理";
    case S::kInProgress:
      return "办理中";
    case S::kReturned:
      return "退回补正";
    case S::kResubmitted:
      return "补正后重新提交";
    case S::kCompleted:
      return "已办结";
    case S::kClosed:
      return "已归档";
    case S::kWithdrawn:
      return "已撤回";
  }
  return "";
}

std::string_view RequestActionName(RequestAction action) {
  switch (action) {
    case A::kAccept:
      return "accept";
    case A::kReject:
      return "reject";
    case A::kStart:
      return "start";
    case A::kReturnForMaterial:
      return "return_for_material";
    case A::kResubmit:
      return "resubmit";
    case A::kComplete:
      return "complete";
    case A::kClose:
      return "close";
    case A::kWithdraw:
      return "withdraw";
    case A::kRate:
      return "rate";
  }
  return "";
}

std::string_view RequestActionLabel(RequestAction action) {
  switch (action) {
    case A::kAccept:
      return "受理";
    case A::kReject:
      return "不予受理";
    case A::kStart:
      return "开始办理";
    case A::kReturnForMaterial:
      return "退回补正";
    case A::kResubmit:
      return "补正后重新提交";
    case A::kComplete:
      return "办结";
    case A::kClose:
      return "归档";
    case A::kWithdraw:
      return "撤回";
    case A::kRate:
      return "评价";
  }
  return "";
}

std::vector<RequestState> AllRequestStates() {
  return core::EnumerateNamed<RequestState>(&RequestStateName);
}
std::vector<RequestAction> AllRequestActions() {
  return core::EnumerateNamed<RequestAction>(&RequestActionName);
}

std::optional<RequestState> RequestStateFromName(std::string_view name) {
  for (RequestState state : AllRequestStates()) {
    if (RequestStateName(state) == name) return state;
  }
  return std::nullopt;
}

std::optional<RequestAction> RequestActionFromName(std::string_view name) {
  for (RequestAction action : AllRequestActions()) {
    if (RequestActionName(action) == name) return action;
  }
  return std::nullopt;
}

RequestActor ActorOf(RequestAction action) {
  switch (action) {
    case A::kResubmit:
    case A::kWithdraw:
    case A::kRate:
      return RequestActor::kApplicant;
    case A::kAccept:
    case A::kReject:
    case A::kStart:
    case A::kReturnForMaterial:
    case A::kComplete:
    case A::kClose:
      return RequestActor::kDesk;
  }
  return RequestActor::kDesk;
}

std::optional<RequestState> NextRequestState(RequestState state, RequestAction action) {
  return core::FindTransition<RequestState, RequestAction>(kRules, state, action);
}

std::vector<RequestAction> AllowedRequestActions(RequestState state) {
  std::vector<RequestAction> actions;
  for (RequestAction action : AllRequestActions()) {
    if (NextRequestState(state, action)) actions.push_back(action);
  }
  return actions;
}

core::Result<RequestState> Transition(RequestState state, RequestAction action,
                                      const RequestTransitionContext& context) {
  const std::optional<RequestState> next = NextRequestState(state, action);
  if (!next) {
    return core::RefusedTransition("申请", RequestStateLabel(state), RequestActionLabel(action));
  }
  switch (action) {
    case A::kReject:
      if (Blank(context.reason)) return core::Error::Validation("请填写不予受理的理由", "reason");
      break;
    case A::kReturnForMaterial:
      if (Blank(context.reason)) {
        return core::Error::Validation("请写明需要补正的材料", "reason");
      }
      break;
    case A::kClose:
      if (state == S::kReturned && Blank(context.reason)) {
        return core::Error::Validation("请填写归档原因（如逾期未补正）", "reason");
      }
      break;
    case A::kRate:
      if (context.already_rated) {
        return core::Error::FailedPrecondition("该申请已评价，不能重复评价");
      }
      if (!context.rating || *context.rating < kMinRating || *context.rating > kMaxRating) {
        return core::Error::Validation("评价应为 1 到 5 星", "rating");
      }
      break;
    case A::kAccept:
    case A::kStart:
    case A::kResubmit:
    case A::kComplete:
    case A::kWithdraw:
      break;
  }
  return *next;
}

bool IsTerminal(RequestState state) { return state == S::kClosed || state == S::kWithdrawn; }

bool DeadlineClockRuns(RequestState state) {
  switch (state) {
    case S::kSubmitted:
    case S::kAccepted:
    case S::kInProgress:
    case S::kResubmitted:
      return true;
    case S::kRejected:
    case S::kReturned:
    case S::kCompleted:
    case S::kClosed:
    case S::kWithdrawn:
      return false;
  }
  return false;
}

int64_t RequestDeadline(const calendar::WorkingCalendar& calendar, int64_t received_millis,
                        int promised_working_days) {
  return calendar.AddWorkingDays(received_millis, promised_working_days);
}

bool IsOverdue(RequestState state, int64_t deadline_millis, int64_t now_millis) {
  return DeadlineClockRuns(state) && now_millis >= deadline_millis;
}

}  // namespace linli::service_requests
