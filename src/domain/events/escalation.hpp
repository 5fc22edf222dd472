// Escalation (街社吹哨、部门报到): a community or town blows the whistle on an event to one
// named department; the department must check in (报到) within a limit, handle the matter and give
// feedback; the community verifies and closes (or sends it back); the reporter and the community
// rate the department. One Escalation per (event, department).
//
//   awaiting_check_in ──check_in──▶ handling ──give_feedback──▶ awaiting_verification
//        │ decline (reason) ▶ declined             ▲  │                 │ verify_pass ▶ closed
//        │                                         │  │                 │ verify_fail ─┐
//        └ withdraw (by the whistler, reason) ▶ withdrawn (also from handling)        │
//                                                  └──────────────────────────────────┘
//   closed ──reopen (reason)──▶ handling;   closed ──rate──▶ closed (once per rater)
//   handling: request_extension / approve_extension / reject_extension keep the state (one
//             request pending at a time); supervise (督办) keeps the state in every open state.
//
// Stages and their limits. Each open state is a stage with its own clock, started when the
// state is entered: check_in (awaiting_check_in), handle (handling), verify
// (awaiting_verification). A limit is an amount in working days, working hours or calendar
// hours (StageLimit). Default policy (EscalationPolicy::Default, configurable):
//   normal: check in within 2 working hours, handle within 5 working days, verify within 2
//           working days (office hours 08:30–12:00, 13:30–17:30 CST; holidays skipped).
//   urgent: check in within 1 calendar hour, handle within 24 calendar hours, verify within
//           24 calendar hours: urgent matters do not wait for office hours.
// Warnings: yellow once 75% of the stage's time (limit + approved extensions, measured on the
// stage's own clock: working time for working-day and working-hour limits, elapsed time for
// calendar hours) is used; red at and after the deadline.
// Supervision (督办) levels rise one step at a time: none → reminder 催办 → supervision 督办 →
// listed supervision 挂牌督办. Besides a superior's manual step, AutomaticSupervisionLevel gives
// the level overdue time alone calls for: reminder once red, supervision after one full working
// day overdue, listed after three.
// Extensions: only the handle stage; at most 2 per stage; together at most the original limit
// (a stage can at most double); each needs a reason and a superior's approval.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "domain/events/event_lifecycle.hpp"
#include "engines/calendar/working_calendar.hpp"

namespace linli::events {

enum class EscalationState {
  kAwaitingCheckIn,       // 待报到
  kHandling,              // 办理中 (checked in)
  kAwaitingVerification,  // 待核查 (feedback given)
  kClosed,                // 已办结
  kDeclined,   // 已退回 (the department says it is not its duty; the whistler decides)
  kWithdrawn,  // 已撤哨
};

enum class EscalationAction {
  kCheckIn,
  kDecline,
  kRequestExtension,
  kApproveExtension,
  kRejectExtension,
  kGiveFeedback,
  kVerifyPass,
  kVerifyFail,
  kReopen,
  kSupervise,
  kWithdraw,
  kRate,
};

enum class EscalationStage { kCheckIn, kHandle, kVerify };
enum class LimitUnit { kWorkingDays, kWorkingHours, kCalendarHours };
enum class WarningLevel { kNone, kYellow, kRed };
enum class SupervisionLevel { kNone, kReminder, kSupervision, kListedSupervision };

std::string_view EscalationStateName(EscalationState state);
std::string_view EscalationStateLabel(EscalationState state);
std::optional<EscalationState> EscalationStateFromName(std::string_view name);
std::string_view EscalationActionName(EscalationAction action);
std::string_view EscalationActionLabel(EscalationAction action);
std::optional<EscalationAction> EscalationActionFromName(std::string_view name);
std::vector<EscalationState> AllEscalationStates();
std::vector<EscalationAction> AllEscalationActions();
std::string_view EscalationStageName(EscalationStage stage);  // "check_in", "handle", "verify"
std::string_view LimitUnitName(LimitUnit unit);  // "working_days", "working_hours", ...
std::optional<LimitUnit> LimitUnitFromName(std::string_view name);
std::string_view WarningLevelName(WarningLevel level);          // "none", "yellow", "red"
std::string_view SupervisionLevelName(SupervisionLevel level);  // "none", "reminder", ...
std::string_view SupervisionLevelLabel(SupervisionLevel level);  // "催办", "督办", "挂牌督办"
std::optional<SupervisionLevel> SupervisionLevelFromName(std::string_view name);

struct EscalationTransitionContext {
  std::string reason;    // decline, withdraw, verify_fail, reopen, request/reject_extension
  std::string feedback;  // give_feedback: what the department did
  bool extension_pending = false;  // request_extension needs false; approve/reject need true
  SupervisionLevel supervision_level = SupervisionLevel::kNone;  // supervise: below the top
  std::optional<int> rating;                                     // rate: 1..5
  bool already_rated = false;                                    // rate: this rater rated before
};

// The next state; kFailedPrecondition (409) naming state and action when the state refuses it
// (also: extension already pending / none pending, top supervision level, rated twice);
// kValidationFailed (422) naming "reason", "feedback" or "rating" when the context lacks it.
core::Result<EscalationState> Transition(EscalationState state, EscalationAction action,
                                         const EscalationTransitionContext& context);
std::optional<EscalationState> NextEscalationState(EscalationState state, EscalationAction action);
std::vector<EscalationAction> AllowedEscalationActions(EscalationState state);
// The stage a state's clock measures (nullopt for closed, declined, withdrawn).
std::optional<EscalationStage> StageOf(EscalationState state);

struct StageLimit {
  LimitUnit unit = LimitUnit::kWorkingDays;
  int amount = 1;
  bool operator==(const StageLimit&) const = default;
};

struct EscalationPolicy {
  StageLimit check_in;
  StageLimit handle;
  StageLimit verify;
  static EscalationPolicy Default(Urgency urgency);
  StageLimit LimitFor(EscalationStage stage) const;
};
core::Status ValidateStageLimit(const StageLimit& limit, std::string_view field);

inline constexpr int kYellowWarningPercent = 75;
inline constexpr int kMaxExtensionsPerStage = 2;

// The clock of one stage, as the service stores it.
struct StageClock {
  EscalationStage stage = EscalationStage::kCheckIn;
  int64_t started_at_millis = 0;
  StageLimit limit;
  int extension_amount = 0;  // approved, in limit.unit
  int extension_count = 0;
  bool operator==(const StageClock&) const = default;
};

// The instant the stage is due (exclusive: overdue when now >= deadline).
int64_t StageDeadline(const StageClock& clock, const calendar::WorkingCalendar& calendar);
// Warning level of the stage at `now_millis`.
WarningLevel StageWarning(const StageClock& clock, int64_t now_millis,
                          const calendar::WorkingCalendar& calendar);
// Share of the stage's time used at `now_millis`, in percent (can exceed 100).
int StagePercentUsed(const StageClock& clock, int64_t now_millis,
                     const calendar::WorkingCalendar& calendar);

struct ExtensionRequest {
  int amount = 0;  // in the stage's limit unit
  std::string reason;
};
// Whether `request` may be filed for the stage (kValidationFailed naming "amount"/"reason", or
// kFailedPrecondition when the stage cannot be extended or has had its extensions).
core::Status ValidateExtensionRequest(const StageClock& clock, const ExtensionRequest& request);
// The stage's clock once the superior approved `request`.
core::Result<StageClock> ApplyApprovedExtension(StageClock clock, const ExtensionRequest& request);

// One level up (kFailedPrecondition at listed supervision).
core::Result<SupervisionLevel> RaiseSupervision(SupervisionLevel current);
// The level that overdue time alone calls for (see file comment).
SupervisionLevel AutomaticSupervisionLevel(const StageClock& clock, int64_t now_millis,
                                           const calendar::WorkingCalendar& calendar);

}  // namespace linli::events
