#include "domain/events/escalation.hpp"

#include <algorithm>
#include <array>

#include "core/state_machine.hpp"

namespace linli::events {
namespace {

using S = EscalationState;
using A = EscalationAction;
using Rule = core::TransitionRule<EscalationState, EscalationAction>;

constexpr std::array kRules = {
    Rule{S::kAwaitingCheckIn, A::kCheckIn, S::kHandling},
    Rule{S::kAwaitingCheckIn, A::kDecline, S::kDeclined},
    Rule{S::kAwaitingCheckIn, A::kSupervise, S::kAwaitingCheckIn},
    Rule{S::kAwaitingCheckIn, A::kWithdraw, S::kWithdrawn},
    Rule{S::kHandling, A::kRequestExtension, S::kHandling},
    Rule{S::kHandling, A::kApproveExtension, S::kHandling},
    Rule{S::kHandling, A::kRejectExtension, S::kHandling},
    Rule{S::kHandling, A::kGiveFeedback, S::kAwaitingVerification},
    Rule{S::kHandling, A::kSupervise, S::kHandling},
    Rule{S::kHandling, A::kWithdraw, S::kWithdrawn},
    Rule{S::kAwaitingVerification, A::kVerifyPass, S::kClosed},
    Rule{S::kAwaitingVerification, A::kVerifyFail, S::kHandling},
    Rule{S::kAwaitingVerification, A::kSupervise, S::kAwaitingVerification},
    Rule{S::kClosed, A::kReopen, S::kHandling},
    Rule{S::kClosed, A::kRate, S::kClosed},
};

bool Blank(const std::string& text) {
  return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

template <typename Enum, typename NameFunction>
std::optional<Enum> FromName(std::string_view name, NameFunction name_of) {
  for (Enum value : core::EnumerateNamed<Enum>(name_of)) {
    if (name_of(value) == name) return value;
  }
  return std::nullopt;
}

calendar::TimeBasis BasisOf(LimitUnit unit) {
  return unit == LimitUnit::kCalendarHours ? calendar::TimeBasis::kCalendarTime
                                           : calendar::TimeBasis::kWorkingTime;
}

}  // namespace

std::string_view EscalationStateName(EscalationState state) {
  switch (state) {
    case S::kAwaitingCheckIn:
      return "awaiting_check_in";
    case S::kHandling:
      return "handling";
    case S::kAwaitingVerification:
      return "awaiting_verification";
    case S::kClosed:
      return "closed";
    case S::kDeclined:
      return "declined";
    case S::kWithdrawn:
      return "withdrawn";
  }
  return "";
}

std::string_view EscalationStateLabel(EscalationState state) {
  switch (state) {
    case S::kAwaitingCheckIn:
      return "待报到";
    case S::kHandling:
      return "办理中";
    case S::kAwaitingVerification:
      return "待核查";
    case S::kClosed:
      return "已办结";
    case S::kDeclined:
      return "已退回";
    case S::kWithdrawn:
      return "已撤哨";
  }
  return "";
}

std::string_view EscalationActionName(EscalationAction action) {
  switch (action) {
    case A::kCheckIn:
      return "check_in";
    case A::kDecline:
      return "decline";
    case A::kRequestExtension:
      return "request_extension";
    case A::kApproveExtension:
      return "approve_extension";
    case A::kRejectExtension:
      return "reject_extension";
    case A::kGiveFeedback:
      return "give_feedback";
    case A::kVerifyPass:
      return "verify_pass";
    case A::kVerifyFail:
      return "verify_fail";
    case A::kReopen:
      return "reopen";
    case A::kSupervise:
      return "supervise";
    case A::kWithdraw:
      return "withdraw";
    case A::kRate:
      return "rate";
  }
  return "";
}

std::string_view EscalationActionLabel(EscalationAction action) {
  switch (action) {
    case A::kCheckIn:
      return "报到";
    case A::kDecline:
      return "退回";
    case A::kRequestExtension:
      return "申请延期";
    case A::kApproveExtension:
      return "批准延期";
    case A::kRejectExtension:
      return "驳回延期";
    case A::kGiveFeedback:
      return "反馈办理结果";
    case A::kVerifyPass:
      return "核查通过";
    case A::kVerifyFail:
      return "核查不通过";
    case A::kReopen:
      return "重新启动";
    case A::kSupervise:
      return "督办";
    case A::kWithdraw:
      return "撤哨";
    case A::kRate:
      return "评价";
  }
  return "";
}

std::string_view EscalationStageName(EscalationStage stage) {
  switch (stage) {
    case EscalationStage::kCheckIn:
      return "check_in";
    case EscalationStage::kHandle:
      return "handle";
    case EscalationStage::kVerify:
      return "verify";
  }
  return "";
}

std::string_view LimitUnitName(LimitUnit unit) {
  switch (unit) {
    case LimitUnit::kWorkingDays:
      return "working_days";
    case LimitUnit::kWorkingHours:
      return "working_hours";
    case LimitUnit::kCalendarHours:
      return "calendar_hours";
  }
  return "";
}

std::string_view WarningLevelName(WarningLevel level) {
  switch (level) {
    case WarningLevel::kNone:
      return "none";
    case WarningLevel::kYellow:
      return "yellow";
    case WarningLevel::kRed:
      return "red";
  }
  return "";
}

std::string_view SupervisionLevelName(SupervisionLevel level) {
  switch (level) {
    case SupervisionLevel::kNone:
      return "none";
    case SupervisionLevel::kReminder:
      return "reminder";
    case SupervisionLevel::kSupervision:
      return "supervision";
    case SupervisionLevel::kListedSupervision:
      return "listed_supervision";
  }
  return "";
}

std::string_view SupervisionLevelLabel(SupervisionLevel level) {
  switch (level) {
    case SupervisionLevel::kNone:
      return "未督办";
    case SupervisionLevel::kReminder:
      return "催办";
    case SupervisionLevel::kSupervision:
      return "督办";
    case SupervisionLevel::kListedSupervision:
      return "挂牌督办";
  }
  return "";
}

std::vector<EscalationState> AllEscalationStates() {
  return core::EnumerateNamed<EscalationState>(&EscalationStateName);
}
std::vector<EscalationAction> AllEscalationActions() {
  return core::EnumerateNamed<EscalationAction>(&EscalationActionName);
}
std::optional<EscalationState> EscalationStateFromName(std::string_view name) {
  return FromName<EscalationState>(name, &EscalationStateName);
}
std::optional<EscalationAction> EscalationActionFromName(std::string_view name) {
  return FromName<EscalationAction>(name, &EscalationActionName);
}
std::optional<LimitUnit> LimitUnitFromName(std::string_view name) {
  return FromName<LimitUnit>(name, &LimitUnitName);
}
std::optional<SupervisionLevel> SupervisionLevelFromName(std::string_view name) {
  return FromName<SupervisionLevel>(name, &SupervisionLevelName);
}

std::optional<EscalationState> NextEscalationState(EscalationState state, EscalationAction action) {
  return core::FindTransition<EscalationState, EscalationAction>(kRules, state, action);
}

std::vector<EscalationAction> AllowedEscalationActions(EscalationState state) {
  std::vector<EscalationAction> actions;
  for (EscalationAction action : AllEscalationActions()) {
    if (NextEscalationState(state, action)) actions.push_back(action);
  }
  return actions;
}

std::optional<EscalationStage> StageOf(EscalationState state) {
  switch (state) {
    case S::kAwaitingCheckIn:
      return EscalationStage::kCheckIn;
    case S::kHandling:
      return EscalationStage::kHandle;
    case S::kAwaitingVerification:
      return EscalationStage::kVerify;
    case S::kClosed:
    case S::kDeclined:
    case S::kWithdrawn:
      return std::nullopt;
  }
  return std::nullopt;
}

core::Result<EscalationState> Transition(EscalationState state, EscalationAction action,
                                         const EscalationTransitionContext& context) {
  const std::optional<EscalationState> next = NextEscalationState(state, action);
  if (!next) {
    return core::RefusedTransition("吹哨事项", EscalationStateLabel(state),
                                   EscalationActionLabel(action));
  }
  switch (action) {
    case A::kDecline:
      if (Blank(context.reason)) return core::Error::Validation("请说明退回理由", "reason");
      break;
    case A::kWithdraw:
      if (Blank(context.reason)) return core::Error::Validation("请说明撤哨理由", "reason");
      break;
    case A::kVerifyFail:
      if (Blank(context.reason)) return core::Error::Validation("请填写核查不通过的原因", "reason");
      break;
    case A::kReopen:
      if (Blank(context.reason)) return core::Error::Validation("请填写重新启动的原因", "reason");
      break;
    case A::kRequestExtension:
      if (context.extension_pending) {
        return core::Error::FailedPrecondition("已有待审批的延期申请，不能重复申请");
      }
      if (Blank(context.reason)) return core::Error::Validation("请填写延期理由", "reason");
      break;
    case A::kApproveExtension:
      if (!context.extension_pending)
        return core::Error::FailedPrecondition("没有待审批的延期申请");
      break;
    case A::kRejectExtension:
      if (!context.extension_pending)
        return core::Error::FailedPrecondition("没有待审批的延期申请");
      if (Blank(context.reason)) return core::Error::Validation("请填写驳回延期的理由", "reason");
      break;
    case A::kGiveFeedback:
      if (Blank(context.feedback)) return core::Error::Validation("请填写办理结果", "feedback");
      break;
    case A::kSupervise: {
      auto raised = RaiseSupervision(context.supervision_level);
      if (!raised.ok()) return std::move(raised).error();
      break;
    }
    case A::kRate:
      if (context.already_rated) return core::Error::FailedPrecondition("已评价，不能重复评价");
      if (!context.rating || *context.rating < 1 || *context.rating > 5) {
        return core::Error::Validation("评价应为 1 到 5 星", "rating");
      }
      break;
    case A::kCheckIn:
    case A::kVerifyPass:
      break;
  }
  return *next;
}

EscalationPolicy EscalationPolicy::Default(Urgency urgency) {
  switch (urgency) {
    case Urgency::kUrgent:
      return {{LimitUnit::kCalendarHours, 1},
              {LimitUnit::kCalendarHours, 24},
              {LimitUnit::kCalendarHours, 24}};
    case Urgency::kNormal:
      break;
  }
  return {
      {LimitUnit::kWorkingHours, 2}, {LimitUnit::kWorkingDays, 5}, {LimitUnit::kWorkingDays, 2}};
}

StageLimit EscalationPolicy::LimitFor(EscalationStage stage) const {
  switch (stage) {
    case EscalationStage::kCheckIn:
      return check_in;
    case EscalationStage::kHandle:
      return handle;
    case EscalationStage::kVerify:
      return verify;
  }
  return handle;
}

core::Status ValidateStageLimit(const StageLimit& limit, std::string_view field) {
  if (LimitUnitName(limit.unit).empty()) {
    return core::Error::Validation("时限单位无效", std::string(field));
  }
  const int maximum = limit.unit == LimitUnit::kWorkingDays ? 365 : 24 * 365;
  if (limit.amount < 1 || limit.amount > maximum) {
    return core::Error::Validation("时限应为 1 到 " + std::to_string(maximum) + " 之间的整数",
                                   std::string(field));
  }
  return core::Ok();
}

int64_t StageDeadline(const StageClock& clock, const calendar::WorkingCalendar& calendar) {
  const int total = clock.limit.amount + clock.extension_amount;
  switch (clock.limit.unit) {
    case LimitUnit::kWorkingDays:
      return calendar.AddWorkingDays(clock.started_at_millis, total);
    case LimitUnit::kWorkingHours:
      return calendar.AddWorkingTime(clock.started_at_millis, total * calendar::kMillisPerHour);
    case LimitUnit::kCalendarHours:
      return clock.started_at_millis + total * calendar::kMillisPerHour;
  }
  return clock.started_at_millis;
}

int StagePercentUsed(const StageClock& clock, int64_t now_millis,
                     const calendar::WorkingCalendar& calendar) {
  const int64_t deadline = StageDeadline(clock, calendar);
  const calendar::TimeBasis basis = BasisOf(clock.limit.unit);
  const int64_t total = calendar.ElapsedBetween(clock.started_at_millis, deadline, basis);
  const int64_t used = calendar.ElapsedBetween(clock.started_at_millis, now_millis, basis);
  if (total <= 0) return now_millis >= deadline ? 100 : 99;
  if (now_millis >= deadline) return static_cast<int>(std::max<int64_t>(100, used * 100 / total));
  // Before the deadline never report 100 (a working-day limit's working time can be used up at
  // 17:30 while the day, and so the limit, lasts until midnight).
  return static_cast<int>(std::min<int64_t>(99, used * 100 / total));
}

WarningLevel StageWarning(const StageClock& clock, int64_t now_millis,
                          const calendar::WorkingCalendar& calendar) {
  const int64_t deadline = StageDeadline(clock, calendar);
  if (now_millis >= deadline) return WarningLevel::kRed;
  const calendar::TimeBasis basis = BasisOf(clock.limit.unit);
  const int64_t total = calendar.ElapsedBetween(clock.started_at_millis, deadline, basis);
  const int64_t used = calendar.ElapsedBetween(clock.started_at_millis, now_millis, basis);
  if (total <= 0) return WarningLevel::kYellow;
  return used * 100 >= total * kYellowWarningPercent ? WarningLevel::kYellow : WarningLevel::kNone;
}

core::Status ValidateExtensionRequest(const StageClock& clock, const ExtensionRequest& request) {
  if (clock.stage != EscalationStage::kHandle) {
    return core::Error::FailedPrecondition("只有办理阶段可以申请延期");
  }
  if (clock.extension_count >= kMaxExtensionsPerStage) {
    return core::Error::FailedPrecondition(
        "本阶段已延期 " + std::to_string(kMaxExtensionsPerStage) + " 次，不能再申请延期");
  }
  if (Blank(request.reason)) return core::Error::Validation("请填写延期理由", "reason");
  if (request.amount < 1) return core::Error::Validation("延期时长应为正整数", "amount");
  const int room = clock.limit.amount - clock.extension_amount;
  if (request.amount > room) {
    return core::Error::Validation(
        "延期累计不能超过原定时限（本次最多可延 " + std::to_string(std::max(room, 0)) + "）",
        "amount");
  }
  return core::Ok();
}

core::Result<StageClock> ApplyApprovedExtension(StageClock clock, const ExtensionRequest& request) {
  TRY(ValidateExtensionRequest(clock, request));
  clock.extension_amount += request.amount;
  clock.extension_count += 1;
  return clock;
}

core::Result<SupervisionLevel> RaiseSupervision(SupervisionLevel current) {
  switch (current) {
    case SupervisionLevel::kNone:
      return SupervisionLevel::kReminder;
    case SupervisionLevel::kReminder:
      return SupervisionLevel::kSupervision;
    case SupervisionLevel::kSupervision:
      return SupervisionLevel::kListedSupervision;
    case SupervisionLevel::kListedSupervision:
      break;
  }
  return core::Error::FailedPrecondition("已是最高督办级别（挂牌督办），不能再升级");
}

SupervisionLevel AutomaticSupervisionLevel(const StageClock& clock, int64_t now_millis,
                                           const calendar::WorkingCalendar& calendar) {
  const int64_t deadline = StageDeadline(clock, calendar);
  if (now_millis < deadline) return SupervisionLevel::kNone;
  const int overdue_days = calendar.WorkingDaysBetween(calendar::ChinaDateOf(deadline - 1),
                                                       calendar::ChinaDateOf(now_millis));
  if (overdue_days >= 3) return SupervisionLevel::kListedSupervision;
  if (overdue_days >= 1) return SupervisionLevel::kSupervision;
  return SupervisionLevel::kReminder;
}

}  // namespace linli::events
