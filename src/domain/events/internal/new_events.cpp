#include "domain/events/internal/new_events.hpp"

#include "domain/events/internal/escalation_stages.hpp"
#include "domain/events/internal/notices.hpp"

namespace linli::events::internal {

bool InsideChina(double lat, double lon) {
  return lat >= 3.8 && lat <= 53.6 && lon >= 73.5 && lon <= 135.1;
}

std::string HandlerName(EventRepository& repository, TargetLevel level, std::string_view code,
                        std::string_view department) {
  if (level == TargetLevel::kDepartment) return std::string(department);
  auto name = repository.DivisionName(code);
  return name.ok() && !name->empty() ? *name : std::string(code);
}

core::Result<std::vector<int64_t>> RecipientsFor(EventRepository& repository, TargetLevel level,
                                                 std::string_view division_code,
                                                 std::string_view department,
                                                 std::string_view place_code) {
  switch (level) {
    case TargetLevel::kDepartment:
      return repository.DepartmentAccounts(department, place_code);
    case TargetLevel::kCommunity:
      return repository.AccountsWithGrant(access::Role::kCommunityWorker, division_code);
    case TargetLevel::kTown:
      return repository.AccountsWithGrant(access::Role::kTownOfficial, division_code);
    case TargetLevel::kCounty:
      return repository.AccountsWithGrant(access::Role::kCountyOfficial, division_code);
  }
  return std::vector<int64_t>{};
}

core::Result<RoutedEvent> RouteNewEvent(const EventDependencies& dependencies, Event& event,
                                        const std::optional<int64_t>& actor_id,
                                        const std::string& actor_name,
                                        const calendar::WorkingCalendar& calendar) {
  EventRepository& repository = dependencies.repository;
  RoutedEvent routed;
  ASSIGN_OR_RETURN(routed.decision, dependencies.router.Route(RoutingQuery{
                                        event.category_code, event.place_code, event.urgency}));
  const auto& target = routed.decision.target;
  const int64_t now = event.created_at;
  event.handler_level = target.level;
  event.handler_code = target.division_code;
  event.handler_department = target.department;
  event.handler_name =
      HandlerName(repository, event.handler_level, target.division_code, target.department);
  event.routing_rule_id = routed.decision.rule_id;
  event.skip_level = routed.decision.skip_level;

  auto transition = [&](std::string action, EventState from, EventState to, std::string note) {
    TransitionRecord t;
    t.place_code = event.place_code;
    t.actor_account_id = actor_id;
    t.actor_name = actor_name;
    t.action = std::move(action);
    t.from_state = std::string(EventStateName(from));
    t.to_state = std::string(EventStateName(to));
    t.note = std::move(note);
    t.at = now;
    return t;
  };
  TransitionRecord reported =
      transition("report", EventState::kReported, EventState::kReported, "上报");
  reported.from_state = "";
  routed.write.transitions.push_back(reported);

  std::string note = "按规则 " + routed.decision.rule_id + " 分派至 " + event.handler_name;
  if (routed.decision.skip_level) note += "（越级上报）";
  ASSIGN_OR_RETURN(auto assigned, Transition(EventState::kReported, EventAction::kAssign,
                                             {"", event.handler_name}));
  routed.write.transitions.push_back(transition("assign", EventState::kReported, assigned, note));
  event.state = assigned;
  event.status_note = "已分派至" + event.handler_name;

  ASSIGN_OR_RETURN(auto recipients,
                   RecipientsFor(repository, event.handler_level, target.division_code,
                                 target.department, event.place_code));
  const std::string category =
      event.category_name.empty() ? event.category_code : event.category_name;
  // A department's officers open the escalation made below, not the event.
  const bool to_department = target.level == TargetLevel::kDepartment;
  for (int64_t account : recipients) {
    EventNotice notice =
        Notify(account, "assignment", "新事件分派给您：" + category + "（" + event.address + "）",
               std::nullopt, now);
    if (to_department) {
      notice.about_new_escalation = 0;
    } else {
      notice.about_new_event = true;
    }
    routed.write.notices.push_back(std::move(notice));
  }
  for (const auto& copy : routed.decision.copies) {
    EventCopy row;
    row.level = std::string(TargetLevelName(copy.level));
    row.division_code = copy.division_code;
    row.department = copy.department;
    row.name = HandlerName(repository, copy.level, copy.division_code, copy.department);
    routed.write.copies.push_back(row);
    ASSIGN_OR_RETURN(auto copied, RecipientsFor(repository, copy.level, copy.division_code,
                                                copy.department, event.place_code));
    for (int64_t account : copied) {
      // A department copied has no escalation of its own: nothing it could open.
      EventNotice notice =
          Notify(account, "copy", "抄送：" + category + " 已分派至 " + event.handler_name,
                 std::nullopt, now);
      notice.about_new_event = copy.level != TargetLevel::kDepartment;
      routed.write.notices.push_back(std::move(notice));
    }
  }
  if (to_department) {
    // A department target is a whistle at once: the department must check in.
    ASSIGN_OR_RETURN(auto escalated, Transition(event.state, EventAction::kEscalate, {note, ""}));
    routed.write.transitions.push_back(
        transition("escalate", event.state, escalated, "按规则向 " + target.department + " 吹哨"));
    event.state = escalated;
    Escalation escalation =
        NewEscalation(event, target.department, note, actor_id, "分派规则", now, calendar);
    routed.write.escalation_inserts.push_back(escalation);
    TransitionRecord t;
    t.place_code = event.place_code;
    t.new_escalation_index = 0;
    t.actor_account_id = actor_id;
    t.actor_name = actor_name;
    t.action = "escalate";
    t.to_state = std::string(EscalationStateName(escalation.state));
    t.note = note;
    t.at = now;
    routed.write.transitions.push_back(t);
  }
  const auto policy = EscalationPolicy::Default(event.urgency);
  event.expected_at =
      StageDeadline(StageClock{EscalationStage::kHandle, now, policy.handle, 0, 0}, calendar);
  return routed;
}

}  // namespace linli::events::internal
