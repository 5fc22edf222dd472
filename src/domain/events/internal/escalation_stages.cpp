#include "domain/events/internal/escalation_stages.hpp"

#include "domain/events/internal/visibility.hpp"

namespace linli::events::internal {

void EnterStage(Escalation& escalation, int64_t now, const calendar::WorkingCalendar& calendar) {
  auto stage = StageOf(escalation.state);
  if (!stage) {
    escalation.has_stage = false;
    escalation.stage_deadline_at.reset();
    return;
  }
  const auto policy = EscalationPolicy::Default(escalation.urgency);
  escalation.has_stage = true;
  escalation.clock = StageClock{*stage, now, policy.LimitFor(*stage), 0, 0};
  escalation.stage_deadline_at = StageDeadline(escalation.clock, calendar);
  escalation.warned_level = 0;
  if (*stage == EscalationStage::kHandle) {
    escalation.handle_deadline_at = escalation.stage_deadline_at;
  }
}

Escalation NewEscalation(const Event& event, const std::string& department,
                         const std::string& reason, const std::optional<int64_t>& actor_id,
                         const std::string& actor_name, int64_t now,
                         const calendar::WorkingCalendar& calendar) {
  Escalation escalation;
  escalation.event_id = event.id;
  escalation.department = department;
  escalation.place_code = event.place_code;
  escalation.urgency = event.urgency;
  escalation.state = EscalationState::kAwaitingCheckIn;
  escalation.reason = reason;
  escalation.whistler_account_id = actor_id;
  escalation.whistler_name = actor_name;
  EnterStage(escalation, now, calendar);
  escalation.check_in_deadline_at = escalation.stage_deadline_at.value_or(now);
  escalation.created_at = now;
  escalation.updated_at = now;
  return escalation;
}

EscalationView ViewOf(const Escalation& escalation, const access::Caller* caller, int64_t now,
                      const calendar::WorkingCalendar& calendar) {
  EscalationView view;
  view.escalation = escalation;
  view.event_category = escalation.event_category;
  view.event_description = escalation.event_description;
  if (escalation.has_stage) {
    view.warning = StageWarning(escalation.clock, now, calendar);
    view.percent_used = StagePercentUsed(escalation.clock, now, calendar);
  }
  if (caller != nullptr) {
    for (auto action : AllowedEscalationActions(escalation.state)) {
      // What the caller's scopes allow (the escalation does not name the event's reporter).
      if (MayAct(action, escalation.department, escalation.place_code, *caller,
                 /*reporter=*/false)) {
        view.allowed_actions.emplace_back(EscalationActionName(action));
      }
    }
  }
  return view;
}

}  // namespace linli::events::internal
