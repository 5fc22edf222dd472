#include "domain/events/internal/visibility.hpp"

#include <string>
#include <vector>

namespace linli::events::internal {

using access::Caller;
using access::Permission;

core::Error Hidden(std::string_view what) {
  return core::Error::NotFound(std::string(what) + "不存在");
}

core::Scope DepartmentScope(const Caller& caller, std::string_view department) {
  std::vector<std::string> prefixes;
  for (const auto& grant : caller.grants()) {
    if (grant.role == access::Role::kDepartmentOfficer && grant.department == department) {
      prefixes.push_back(grant.scope_code);
    }
  }
  return core::Scope::Of(std::move(prefixes));
}

core::Result<Event> VisibleEvent(EventRepository& repository, int64_t id, const Caller& caller) {
  ASSIGN_OR_RETURN(
      auto event,
      repository.GetEvent(id, caller.ScopeFor(Permission::kEventsRead),
                          caller.Has(Permission::kEventsReport) ? caller.account_id() : 0));
  if (!event) {
    // A department officer sees the events escalated to their department.
    ASSIGN_OR_RETURN(auto escalations, repository.EscalationsOfEvent(id));
    for (const auto& escalation : escalations) {
      if (DepartmentScope(caller, escalation.department).Covers(escalation.place_code)) {
        ASSIGN_OR_RETURN(event, repository.GetEvent(id, core::Scope::Everything(), 0));
        break;
      }
    }
  }
  if (!event) return Hidden("事件");
  return *event;
}

bool CanSeeEscalation(const Escalation& escalation, const Caller& caller) {
  return caller.ScopeFor(Permission::kEventsRead).Covers(escalation.place_code) ||
         DepartmentScope(caller, escalation.department).Covers(escalation.place_code);
}

bool MayAct(EscalationAction action, std::string_view department, std::string_view place_code,
            const Caller& caller, bool reporter) {
  switch (action) {
    case EscalationAction::kCheckIn:
    case EscalationAction::kDecline:
    case EscalationAction::kRequestExtension:
    case EscalationAction::kGiveFeedback:
      return DepartmentScope(caller, department).Covers(place_code);
    case EscalationAction::kApproveExtension:
    case EscalationAction::kRejectExtension:
    case EscalationAction::kSupervise:
      return caller.ScopeFor(Permission::kEventsSupervise).Covers(place_code);
    case EscalationAction::kVerifyPass:
    case EscalationAction::kVerifyFail:
    case EscalationAction::kWithdraw:
    case EscalationAction::kReopen:
      return caller.ScopeFor(Permission::kEventsEscalate).Covers(place_code);
    case EscalationAction::kRate:
      return reporter || caller.ScopeFor(Permission::kEventsEscalate).Covers(place_code);
  }
  return false;
}

}  // namespace linli::events::internal
