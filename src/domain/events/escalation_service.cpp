#include "domain/events/escalation_service.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include "domain/events/internal/escalation_stages.hpp"
#include "domain/events/internal/notices.hpp"
#include "domain/events/internal/visibility.hpp"

namespace linli::events {

using access::Caller;
using access::Permission;
using access::Role;
using internal::Hidden;

namespace {

// The event's reporter may rate a closed escalation that no reporter rated yet, although the
// escalation does not name them (its allowed actions come from the caller's scopes).
void AllowReporterRating(EscalationView& view) {
  if (view.escalation.state == EscalationState::kClosed && !view.escalation.reporter_rating &&
      std::find(view.allowed_actions.begin(), view.allowed_actions.end(), "rate") ==
          view.allowed_actions.end()) {
    view.allowed_actions.emplace_back("rate");
  }
}

bool IsOpen(EscalationState state) {
  return state == EscalationState::kAwaitingCheckIn || state == EscalationState::kHandling ||
         state == EscalationState::kAwaitingVerification;
}

}  // namespace

// One action on one escalation while it is worked out: what it acts on and who acts (set by
// Prepare), and the change it makes — the escalation after it, the note of its transition row,
// the notice its department gets and the rows to write.
struct EscalationService::Act {
  const Caller& caller;
  const EscalationActionRequest& request;
  EscalationAction action;
  Escalation before;
  Event event;
  bool reporter = false;          // the caller reported the event
  bool rate_as_reporter = false;  // a rating given as the reporter, not as the community
  EscalationState next = EscalationState::kAwaitingCheckIn;
  int64_t now = 0;
  std::shared_ptr<const calendar::WorkingCalendar> calendar = nullptr;

  Escalation after = {};
  std::string note = {};
  std::string department_notice_kind = {};  // "" = the department is not told
  std::string department_notice_text = {};
  EventWrite write = {};
};

EscalationService::EscalationService(const EventDependencies& dependencies)
    : dependencies_(dependencies) {}

core::Result<std::vector<EscalationView>> EscalationService::Escalate(
    int64_t event_id, const EscalateRequest& request, const Caller& caller) {
  EventRepository& repository = dependencies_.repository;
  ASSIGN_OR_RETURN(auto event, internal::VisibleEvent(repository, event_id, caller));
  if (!caller.ScopeFor(Permission::kEventsEscalate).Covers(event.place_code)) {
    return core::Error::PermissionDenied("只有社区或街道可以向部门吹哨");
  }
  std::set<std::string> departments;
  for (const auto& department : request.departments) {
    if (department.empty() || department.size() > 100) {
      return core::Error::Validation("部门名称无效", "departments");
    }
    // Only a department of the city's list can hold accounts to answer a whistle.
    const auto& listed = dependencies_.router.departments();
    if (!listed.empty() && std::none_of(listed.begin(), listed.end(), [&](const Department& d) {
          return d.name == department;
        })) {
      return core::Error::Validation("部门不在本市部门名单中：" + department, "departments");
    }
    departments.insert(department);
  }
  if (departments.empty()) return core::Error::Validation("请至少选择一个部门", "departments");
  if (request.reason.empty()) return core::Error::Validation("请填写吹哨事由", "reason");
  ASSIGN_OR_RETURN(auto existing, repository.EscalationsOfEvent(event_id));
  for (const auto& escalation : existing) {
    if (departments.count(escalation.department)) {
      return core::Error::AlreadyExists("已向 " + escalation.department + " 吹哨", "departments");
    }
  }
  ASSIGN_OR_RETURN(auto calendar, dependencies_.calendars.InForce());
  const int64_t now = dependencies_.clock.NowMillis();
  EventWrite write;
  write.expected_event_state = event.state;
  write.expected_event_updated_at = event.updated_at;
  Event updated = event;
  updated.updated_at = std::max(now, event.updated_at + 1);
  if (event.state != EventState::kEscalated) {
    ASSIGN_OR_RETURN(auto next,
                     Transition(event.state, EventAction::kEscalate, {request.reason, ""}));
    updated.state = next;
    updated.status_note = "已吹哨：" + request.reason;
    write.transitions.push_back(TransitionRecord{
        0, event.id, std::nullopt, std::nullopt, event.place_code, caller.account_id(),
        caller.name_for_people(), "escalate", std::string(EventStateName(event.state)),
        std::string(EventStateName(next)), request.reason, now});
  }
  write.event_update = updated;
  for (const auto& department : departments) {
    Escalation escalation =
        internal::NewEscalation(event, department, request.reason, caller.account_id(),
                                caller.name_for_people(), now, *calendar);
    write.escalation_inserts.push_back(escalation);
    const size_t index = write.escalation_inserts.size() - 1;
    TransitionRecord t;
    t.event_id = event.id;
    t.new_escalation_index = index;
    t.place_code = event.place_code;
    t.actor_account_id = caller.account_id();
    t.actor_name = caller.name_for_people();
    t.action = "escalate";
    t.to_state = std::string(EscalationStateName(escalation.state));
    t.note = "向 " + department + " 吹哨：" + request.reason;
    t.at = now;
    write.transitions.push_back(t);
    ASSIGN_OR_RETURN(auto recipients, repository.DepartmentAccounts(department, event.place_code));
    for (int64_t account : recipients) {
      // The officers open their escalation (the repository knows its id once inserted).
      EventNotice notice = internal::Notify(
          account, "escalation",
          "吹哨报到：" + event.category_name + "（" + event.address + "），请在时限内报到",
          std::nullopt, now);
      notice.about_new_escalation = index;
      write.notices.push_back(std::move(notice));
    }
  }
  TRY(repository.Apply(write));
  internal::Deliver(dependencies_.notifier, write.notices);
  ASSIGN_OR_RETURN(auto all, repository.EscalationsOfEvent(event_id));
  std::vector<EscalationView> out;
  const int64_t viewed_at = dependencies_.clock.NowMillis();
  for (const auto& escalation : all) {
    if (departments.count(escalation.department)) {
      out.push_back(internal::ViewOf(escalation, &caller, viewed_at, *calendar));
    }
  }
  return out;
}

core::Result<EscalationView> EscalationService::GetEscalation(int64_t id, const Caller& caller) {
  EventRepository& repository = dependencies_.repository;
  ASSIGN_OR_RETURN(auto escalation, repository.GetEscalation(id));
  const bool reporter_sees = [&] {
    if (!escalation) return false;
    auto event =
        repository.GetEvent(escalation->event_id, core::Scope::Nothing(), caller.account_id());
    return event.ok() && event->has_value();
  }();
  if (!escalation || !(internal::CanSeeEscalation(*escalation, caller) || reporter_sees)) {
    return Hidden("吹哨记录");
  }
  ASSIGN_OR_RETURN(auto calendar, dependencies_.calendars.InForce());
  auto view = internal::ViewOf(*escalation, &caller, dependencies_.clock.NowMillis(), *calendar);
  if (reporter_sees) AllowReporterRating(view);
  return view;
}

core::Result<EscalationDetail> EscalationService::GetEscalationDetail(int64_t id,
                                                                      const Caller& caller) {
  EventRepository& repository = dependencies_.repository;
  EscalationDetail detail;
  ASSIGN_OR_RETURN(detail.view, GetEscalation(id, caller));
  auto event = internal::VisibleEvent(repository, detail.view.escalation.event_id, caller);
  if (!event.ok()) {
    if (event.error().code == core::ErrorCode::kNotFound) return detail;
    return std::move(event).error();
  }
  ASSIGN_OR_RETURN(detail.photos, repository.ListPhotos(event->id));
  ASSIGN_OR_RETURN(auto transitions, repository.ListTransitions(event->id));
  for (auto& transition : transitions) {
    if (!transition.escalation_id || *transition.escalation_id == id) {
      detail.transitions.push_back(std::move(transition));
    }
  }
  detail.event = std::move(*event);
  return detail;
}

core::Result<std::vector<Department>> EscalationService::Departments(const Caller& caller) const {
  if (!caller.Has(Permission::kEventsRead) && !caller.Has(Permission::kEventsEscalate) &&
      !caller.Has(Permission::kEventsDepartment) && !caller.Has(Permission::kEventsSupervise)) {
    return core::Error::PermissionDenied("无权查看部门名单");
  }
  return dependencies_.router.departments();
}

// ---------------------------------------------------------------------------------------------
// Acting on an escalation: prepare (find, check sight and right, the state machine's answer),
// the step of whoever acts, the stage clock, the transition row, the notices, the event's own
// steps, then one guarded write.

core::Result<EscalationView> EscalationService::ActOnEscalation(
    int64_t id, const EscalationActionRequest& request, const Caller& caller) {
  ASSIGN_OR_RETURN(Act act, Prepare(id, request, caller));
  switch (act.action) {
    case EscalationAction::kCheckIn:
    case EscalationAction::kDecline:
    case EscalationAction::kRequestExtension:
    case EscalationAction::kGiveFeedback:
      TRY(DepartmentStep(act));
      break;
    case EscalationAction::kApproveExtension:
    case EscalationAction::kRejectExtension:
    case EscalationAction::kSupervise:
      TRY(SupervisorStep(act));
      break;
    case EscalationAction::kVerifyPass:
    case EscalationAction::kVerifyFail:
    case EscalationAction::kWithdraw:
    case EscalationAction::kReopen:
    case EscalationAction::kRate:
      TRY(WhistlerStep(act));
      break;
  }
  if (act.next != act.before.state) {
    internal::EnterStage(act.after, act.now, *act.calendar);
    if (act.action == EscalationAction::kGiveFeedback) {
      act.after.handle_deadline_at = act.before.stage_deadline_at;
    }
  }
  act.write.escalation_updates.push_back(
      EscalationUpdate{act.after, act.before.state, act.before.updated_at});
  act.write.transitions.push_back(TransitionRecord{
      0, act.event.id, act.before.id, std::nullopt, act.event.place_code, caller.account_id(),
      caller.name_for_people(), std::string(EscalationActionName(act.action)),
      std::string(EscalationStateName(act.before.state)),
      std::string(EscalationStateName(act.next)), act.note, act.now});
  TRY(NotifyOfStep(act));
  TRY(FollowEvent(act));
  TRY(dependencies_.repository.Apply(act.write));
  internal::Deliver(dependencies_.notifier, act.write.notices);
  return ViewAfter(act);
}

core::Result<EscalationService::Act> EscalationService::Prepare(
    int64_t id, const EscalationActionRequest& request, const Caller& caller) {
  EventRepository& repository = dependencies_.repository;
  ASSIGN_OR_RETURN(auto escalation, repository.GetEscalation(id));
  if (!escalation) return Hidden("吹哨记录");
  ASSIGN_OR_RETURN(auto event,
                   repository.GetEvent(escalation->event_id, core::Scope::Everything(), 0));
  if (!event) return Hidden("吹哨记录");
  const bool reporter = event->reporter_account_id == caller.account_id();
  if (!internal::CanSeeEscalation(*escalation, caller) && !reporter) return Hidden("吹哨记录");
  auto action = EscalationActionFromName(request.action);
  if (!action) return core::Error::Validation("未知操作: " + request.action, "action");
  if (!internal::MayAct(*action, escalation->department, event->place_code, caller, reporter)) {
    return core::Error::PermissionDenied("无权执行此操作: " +
                                         std::string(EscalationActionLabel(*action)));
  }

  const bool rate_as_reporter = *action == EscalationAction::kRate && reporter;
  EscalationTransitionContext context;
  context.reason = request.reason;
  context.feedback = request.feedback;
  context.extension_pending = escalation->pending_extension_amount > 0;
  context.supervision_level = escalation->supervision_level;
  context.rating = request.rating;
  context.already_rated = rate_as_reporter ? escalation->reporter_rating.has_value()
                                           : escalation->community_rating.has_value();
  ASSIGN_OR_RETURN(auto next, Transition(escalation->state, *action, context));
  ASSIGN_OR_RETURN(auto calendar, dependencies_.calendars.InForce());

  Act act{caller, request, *action, *escalation, *event};
  act.reporter = reporter;
  act.rate_as_reporter = rate_as_reporter;
  act.next = next;
  act.now = dependencies_.clock.NowMillis();
  act.calendar = std::move(calendar);
  act.after = act.before;
  act.after.state = next;
  act.after.updated_at = std::max(act.now, act.before.updated_at + 1);
  act.note = request.reason;
  return act;
}

// A department officer: check in (on time or late), feedback (completion on time), a request for
// more time (validated against the stage's limits), or declining (the state's change only).
core::Status EscalationService::DepartmentStep(Act& act) {
  const auto& request = act.request;
  switch (act.action) {
    case EscalationAction::kCheckIn:
      act.after.checked_in_at = act.now;
      act.after.checked_in_on_time = act.now < act.before.check_in_deadline_at;
      act.note = act.after.checked_in_on_time.value() ? "按时报到" : "超时报到";
      break;
    case EscalationAction::kGiveFeedback:
      act.after.feedback = request.feedback;
      act.after.feedback_at = act.now;
      act.after.completed_on_time =
          act.before.stage_deadline_at ? act.now < *act.before.stage_deadline_at : true;
      act.note = request.feedback;
      break;
    case EscalationAction::kRequestExtension: {
      ExtensionRequest extension{request.amount, request.reason};
      TRY(ValidateExtensionRequest(act.before.clock, extension));
      act.after.pending_extension_amount = request.amount;
      act.after.pending_extension_reason = request.reason;
      act.note = "申请延期 " + std::to_string(request.amount) + " " +
                 std::string(LimitUnitName(act.before.clock.limit.unit)) + "：" + request.reason;
      break;
    }
    default:  // kDecline
      break;
  }
  return core::Ok();
}

// A supervisor: approve a pending extension (the stage's deadline moves on the calendar in
// force), reject it, or raise supervision one step; the department is told each time.
core::Status EscalationService::SupervisorStep(Act& act) {
  const auto& request = act.request;
  switch (act.action) {
    case EscalationAction::kApproveExtension: {
      ExtensionRequest extension{act.before.pending_extension_amount,
                                 act.before.pending_extension_reason};
      ASSIGN_OR_RETURN(act.after.clock, ApplyApprovedExtension(act.before.clock, extension));
      act.after.stage_deadline_at = StageDeadline(act.after.clock, *act.calendar);
      act.after.handle_deadline_at = act.after.stage_deadline_at;
      act.after.warned_level = 0;
      act.after.pending_extension_amount = 0;
      act.after.pending_extension_reason.clear();
      act.note = "批准延期" + (request.reason.empty() ? "" : "：" + request.reason);
      act.department_notice_kind = "extension";
      act.department_notice_text = "延期申请已批准：" + act.event.category_name;
      break;
    }
    case EscalationAction::kRejectExtension:
      act.after.pending_extension_amount = 0;
      act.after.pending_extension_reason.clear();
      act.department_notice_kind = "extension";
      act.department_notice_text = "延期申请未获批准：" + request.reason;
      break;
    default: {  // kSupervise
      ASSIGN_OR_RETURN(act.after.supervision_level, RaiseSupervision(act.before.supervision_level));
      const std::string label(SupervisionLevelLabel(act.after.supervision_level));
      act.note = label + (request.reason.empty() ? "" : "：" + request.reason);
      act.department_notice_kind = "supervision";
      act.department_notice_text = label + "：" + act.event.category_name + "（" +
                                   act.event.address + "）" +
                                   (request.reason.empty() ? "" : "，" + request.reason);
      break;
    }
  }
  return core::Ok();
}

// The whistler (or, for a rating, the event's reporter): verification passed (closed) or failed
// (back to the department), reopening while the event is still open, withdrawing, rating.
core::Status EscalationService::WhistlerStep(Act& act) {
  const auto& request = act.request;
  switch (act.action) {
    case EscalationAction::kVerifyPass:
      act.after.closed_at = act.now;
      act.note = request.reason.empty() ? "核查通过" : request.reason;
      break;
    case EscalationAction::kVerifyFail:
      act.department_notice_kind = "feedback";
      act.department_notice_text = "核查未通过，请继续办理：" + request.reason;
      break;
    case EscalationAction::kReopen:
      if (act.event.state == EventState::kClosed || act.event.state == EventState::kVerified ||
          act.event.state == EventState::kCancelled) {
        return core::Error::FailedPrecondition("事件已核查或结案，请先重新打开事件");
      }
      act.after.closed_at.reset();
      act.department_notice_kind = "feedback";
      act.department_notice_text = "吹哨事项被重新打开：" + request.reason;
      break;
    case EscalationAction::kRate:
      if (act.rate_as_reporter) {
        act.after.reporter_rating = request.rating;
      } else {
        act.after.community_rating = request.rating;
      }
      act.note = (act.rate_as_reporter ? "上报人评价 " : "社区评价 ") +
                 std::to_string(*request.rating) + " 分" +
                 (request.reason.empty() ? "" : "：" + request.reason);
      break;
    default:  // kWithdraw
      break;
  }
  return core::Ok();
}

// The department's officers hear of a supervisor's or the whistler's step; the whistler hears
// of the department's feedback, declining and requests for more time.
core::Status EscalationService::NotifyOfStep(Act& act) {
  const auto subject = internal::EscalationSubject(act.before.id);
  if (!act.department_notice_kind.empty()) {
    ASSIGN_OR_RETURN(auto accounts, dependencies_.repository.DepartmentAccounts(
                                        act.before.department, act.before.place_code));
    for (int64_t account : accounts) {
      act.write.notices.push_back(internal::Notify(account, act.department_notice_kind,
                                                   act.department_notice_text, subject, act.now));
    }
  }
  const bool to_whistler = act.action == EscalationAction::kGiveFeedback ||
                           act.action == EscalationAction::kDecline ||
                           act.action == EscalationAction::kRequestExtension;
  if (to_whistler && act.before.whistler_account_id) {
    act.write.notices.push_back(internal::Notify(
        *act.before.whistler_account_id, "feedback",
        act.before.department + " " + std::string(EscalationActionLabel(act.action)) + "：" +
            act.event.category_name,
        subject, act.now));
  }
  return core::Ok();
}

// The event follows its escalations: when the last open one is verified, the event is resolved
// and verified (the community then closes it); a reopened one escalates it again. A feedback
// shows on the event's status note.
core::Status EscalationService::FollowEvent(Act& act) {
  const Event& event = act.event;
  std::vector<std::pair<EventAction, std::string>> steps;
  if (act.action == EscalationAction::kVerifyPass && event.state == EventState::kEscalated) {
    ASSIGN_OR_RETURN(auto siblings, dependencies_.repository.EscalationsOfEvent(event.id));
    const bool other_open = std::any_of(siblings.begin(), siblings.end(), [&](const auto& s) {
      return s.id != act.before.id && IsOpen(s.state);
    });
    if (!other_open) {
      steps = {{EventAction::kResolve, "各部门均已办结"}, {EventAction::kVerify, "社区核查通过"}};
    }
  } else if (act.action == EscalationAction::kReopen && event.state == EventState::kResolved) {
    steps = {{EventAction::kRejectVerification, "吹哨事项重新打开：" + act.request.reason},
             {EventAction::kEscalate, "重新办理：" + act.request.reason}};
  }
  Event updated = event;
  if (!steps.empty()) {
    for (const auto& [event_action, event_note] : steps) {
      ASSIGN_OR_RETURN(auto event_next, Transition(updated.state, event_action, {event_note, ""}));
      act.write.transitions.push_back(TransitionRecord{
          0, event.id, std::nullopt, std::nullopt, event.place_code, act.caller.account_id(),
          act.caller.name_for_people(), std::string(EventActionName(event_action)),
          std::string(EventStateName(updated.state)), std::string(EventStateName(event_next)),
          event_note, act.now});
      updated.state = event_next;
      updated.status_note = event_note;
    }
  } else if (act.action == EscalationAction::kGiveFeedback) {
    updated.status_note = act.before.department + "已反馈：" + act.request.feedback;
  } else {
    return core::Ok();
  }
  updated.updated_at = std::max(act.now, event.updated_at + 1);
  act.write.event_update = updated;
  act.write.expected_event_state = event.state;
  act.write.expected_event_updated_at = event.updated_at;
  return core::Ok();
}

// The guarded update succeeded: the row is `after` (no re-read). As GetEscalation: the event's
// reporter may rate a closed escalation.
EscalationView EscalationService::ViewAfter(const Act& act) {
  auto view =
      internal::ViewOf(act.after, &act.caller, dependencies_.clock.NowMillis(), *act.calendar);
  if (act.reporter) AllowReporterRating(view);
  return view;
}

// ---------------------------------------------------------------------------------------------
// Boards, ranking, the sweep

core::Result<std::vector<EscalationView>> EscalationService::Board(const std::string& department,
                                                                   const Caller& caller) {
  std::string chosen = department;
  if (chosen.empty()) {
    for (const auto& grant : caller.grants()) {
      if (grant.role == Role::kDepartmentOfficer && !grant.department.empty()) {
        chosen = grant.department;
        break;
      }
    }
  }
  // Department officers see their department's board; supervisors (events.supervise: city,
  // county and town officials) look at any named department's board, restricted to the
  // escalations inside their own jurisdiction, so that they can supervise (督办) it.
  const bool officer = caller.Has(Permission::kEventsDepartment);
  const bool supervisor = caller.Has(Permission::kEventsSupervise);
  if (!officer && !supervisor) return core::Error::PermissionDenied("无权查看部门报到看板");
  if (chosen.empty()) {
    return core::Error::Validation("请指定部门（department）", "department");
  }
  core::Scope scope = internal::DepartmentScope(caller, chosen);
  if (scope.Empty() && supervisor) scope = caller.ScopeFor(Permission::kEventsSupervise);
  if (scope.Empty()) return core::Error::NotFound("部门不存在或不在管辖范围内");
  return WarnedBoard(chosen, scope, caller, /*warned_only=*/false);
}

core::Result<std::vector<EscalationView>> EscalationService::Warnings(const Caller& caller) {
  const core::Scope scope = caller.ScopeFor(Permission::kEventsSupervise);
  if (scope.Empty()) return core::Error::PermissionDenied("无权查看督办预警");
  return WarnedBoard("", scope, caller, /*warned_only=*/true);
}

core::Result<std::vector<EscalationView>> EscalationService::WarnedBoard(
    const std::string& department, const core::Scope& scope, const Caller& caller,
    bool warned_only) {
  ASSIGN_OR_RETURN(auto escalations, dependencies_.repository.Board(department, scope, 500));
  ASSIGN_OR_RETURN(auto calendar, dependencies_.calendars.InForce());
  const int64_t now = dependencies_.clock.NowMillis();
  std::vector<EscalationView> out;
  out.reserve(escalations.size());
  for (const auto& escalation : escalations) {
    EscalationView view = internal::ViewOf(escalation, &caller, now, *calendar);
    if (!warned_only || view.warning != WarningLevel::kNone) out.push_back(std::move(view));
  }
  // Overdue first (red), then yellow, each by deadline; the repository already sorted by
  // deadline, so a stable sort by warning keeps that order.
  std::stable_sort(out.begin(), out.end(), [](const EscalationView& a, const EscalationView& b) {
    return static_cast<int>(a.warning) > static_cast<int>(b.warning);
  });
  return out;
}

core::Result<std::vector<RankingRow>> EscalationService::Ranking(std::string_view from,
                                                                 std::string_view until,
                                                                 const Caller& caller) {
  ASSIGN_OR_RETURN(auto from_date, calendar::Date::Parse(from));
  ASSIGN_OR_RETURN(auto until_date, calendar::Date::Parse(until));
  if (until_date < from_date) return core::Error::InvalidArgument("结束日期早于开始日期", "to");
  const int64_t start =
      from_date.days_since_epoch() * calendar::kMillisPerDay - calendar::kChinaOffsetMillis;
  const int64_t end =
      (until_date.days_since_epoch() + 1) * calendar::kMillisPerDay - calendar::kChinaOffsetMillis;
  ASSIGN_OR_RETURN(auto figures, dependencies_.repository.Ranking(
                                     start, end, caller.ScopeFor(Permission::kEventsRead)));
  std::vector<RankingRow> rows;
  for (const auto& figure : figures) {
    RankingRow row;
    row.department = figure.department;
    row.escalations = figure.escalations;
    row.on_time_check_in_rate =
        figure.escalations ? double(figure.checked_in_on_time) / double(figure.escalations) : 0;
    row.on_time_completion_rate = figure.completion_counted ? double(figure.completed_on_time) /
                                                                  double(figure.completion_counted)
                                                            : 0;
    if (figure.ratings) row.mean_rating = double(figure.rating_sum) / double(figure.ratings);
    row.ratings = figure.ratings;
    rows.push_back(row);
  }
  std::sort(rows.begin(), rows.end(), [](const RankingRow& a, const RankingRow& b) {
    if (a.on_time_completion_rate != b.on_time_completion_rate)
      return a.on_time_completion_rate > b.on_time_completion_rate;
    if (a.on_time_check_in_rate != b.on_time_check_in_rate)
      return a.on_time_check_in_rate > b.on_time_check_in_rate;
    if (a.mean_rating.value_or(0) != b.mean_rating.value_or(0))
      return a.mean_rating.value_or(0) > b.mean_rating.value_or(0);
    return a.department < b.department;
  });
  for (size_t i = 0; i < rows.size(); ++i) rows[i].rank = static_cast<int>(i + 1);
  return rows;
}

core::Result<int> EscalationService::Sweep() {
  constexpr int kPage = 1000;
  EventRepository& repository = dependencies_.repository;
  const int64_t now = dependencies_.clock.NowMillis();
  ASSIGN_OR_RETURN(auto calendar, dependencies_.calendars.InForce());
  int changed_count = 0;
  std::map<std::string, std::vector<int64_t>> department_accounts;  // per department and place
  // Every candidate, a page at a time: those that stay unchanged (red, supervision not yet due
  // to rise) must not hide the ones after them.
  std::optional<EventRepository::SweepKey> after;
  std::vector<Escalation> candidates;
  for (;;) {
    ASSIGN_OR_RETURN(candidates, repository.SweepCandidates(kPage, after));
    if (candidates.empty()) break;
    const Escalation& last = candidates.back();
    after = EventRepository::SweepKey{last.stage_deadline_at.value_or(0), last.id};
    ASSIGN_OR_RETURN(int changed, SweepPage(candidates, now, *calendar, department_accounts));
    changed_count += changed;
    if (int(candidates.size()) < kPage) break;
  }
  return changed_count;
}

core::Result<int> EscalationService::SweepPage(
    const std::vector<Escalation>& candidates, int64_t now,
    const calendar::WorkingCalendar& calendar,
    std::map<std::string, std::vector<int64_t>>& department_accounts) {
  EventRepository& repository = dependencies_.repository;
  int changed_count = 0;
  for (const auto& escalation : candidates) {
    if (!escalation.has_stage) continue;
    const auto warning = StageWarning(escalation.clock, now, calendar);
    const int level = warning == WarningLevel::kRed ? 2 : warning == WarningLevel::kYellow ? 1 : 0;
    const auto automatic = AutomaticSupervisionLevel(escalation.clock, now, calendar);
    const bool raise = static_cast<int>(automatic) > static_cast<int>(escalation.supervision_level);
    if (level <= escalation.warned_level && !raise) continue;
    EventWrite write;
    EscalationUpdate update{escalation, escalation.state, escalation.updated_at};
    update.escalation.warned_level = std::max(level, escalation.warned_level);
    update.escalation.updated_at = std::max(now, escalation.updated_at + 1);
    const std::string key = escalation.department + '\x1f' + escalation.place_code;
    auto known = department_accounts.find(key);
    if (known == department_accounts.end()) {
      ASSIGN_OR_RETURN(auto accounts,
                       repository.DepartmentAccounts(escalation.department, escalation.place_code));
      known = department_accounts.emplace(key, std::move(accounts)).first;
    }
    std::vector<int64_t> recipients = known->second;
    if (escalation.whistler_account_id) recipients.push_back(*escalation.whistler_account_id);
    const auto subject = internal::EscalationSubject(escalation.id);
    const std::string stage(EscalationStageName(escalation.clock.stage));
    const std::string stage_label = stage == "check_in" ? "报到"
                                    : stage == "handle" ? "办理"
                                                        : "核查";
    if (level > escalation.warned_level) {
      const std::string text = (level == 2 ? "红色预警：" : "黄色预警：") + escalation.department +
                               " 的吹哨事项" + stage_label + (level == 2 ? "已超时" : "时限将到");
      for (int64_t account : recipients) {
        write.notices.push_back(internal::Notify(account, "warning", text, subject, now));
      }
    }
    if (raise) {
      update.escalation.supervision_level = automatic;
      const std::string label(SupervisionLevelLabel(automatic));
      write.transitions.push_back(TransitionRecord{
          0, escalation.event_id, escalation.id, std::nullopt, escalation.place_code, std::nullopt,
          "系统", "supervise", std::string(EscalationStateName(escalation.state)),
          std::string(EscalationStateName(escalation.state)), "超时自动" + label, now});
      for (int64_t account : recipients) {
        write.notices.push_back(internal::Notify(
            account, "supervision",
            "自动" + label + "：" + escalation.department + " 的吹哨事项" + stage_label + "已超时",
            subject, now));
      }
    }
    write.escalation_updates.push_back(update);
    auto applied = repository.Apply(write);
    if (!applied.ok()) {
      if (applied.error().code == core::ErrorCode::kFailedPrecondition) continue;  // raced
      return applied.error();
    }
    internal::Deliver(dependencies_.notifier, write.notices);
    ++changed_count;
  }
  return changed_count;
}

core::Result<scheduler::Job> WarningSweepJob(EscalationService& service, int minutes) {
  scheduler::Job job;
  job.name = "events.warning_sweep";
  job.title = "吹哨报到预警与自动督办";
  ASSIGN_OR_RETURN(job.schedule, scheduler::Schedule::EveryMinutes(minutes));
  job.catch_up = scheduler::CatchUp::kMerge;
  job.lease_ms = 10 * 60 * 1000;
  job.retry_after_ms = 60 * 1000;
  job.run = [&service](int64_t) -> core::Status {
    TRY(service.Sweep());
    return core::Ok();
  };
  return job;
}

}  // namespace linli::events
