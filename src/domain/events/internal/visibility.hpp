// Who sees which event and escalation, and who may act on an escalation — the rules the events
// context's services share (internal to domain/events).
// Thread-safety: pure functions over their arguments; VisibleEvent reads the repository.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/result.hpp"
#include "core/scope.hpp"
#include "domain/access/caller.hpp"
#include "domain/events/escalation.hpp"
#include "domain/events/events.hpp"

namespace linli::events::internal {

// What is outside the caller's sight is not found (never "forbidden").
core::Error Hidden(std::string_view what);

// The scope of the caller's department-officer grants for one department.
core::Scope DepartmentScope(const access::Caller& caller, std::string_view department);

// The event if the caller may see it: in their events.read scope, reported by them, or escalated
// to their department inside its scope; else kNotFound.
core::Result<Event> VisibleEvent(EventRepository& repository, int64_t id,
                                 const access::Caller& caller);

// In the caller's events.read scope or their department's.
bool CanSeeEscalation(const Escalation& escalation, const access::Caller& caller);

// Whether `caller` may take `action` on an escalation to `department` of an event at
// `place_code`: the department its own steps, a supervisor the extensions and supervision, the
// whistler (escalating scope) verification, withdrawal and reopening; the rating also the
// event's reporter.
bool MayAct(EscalationAction action, std::string_view department, std::string_view place_code,
            const access::Caller& caller, bool reporter);

}  // namespace linli::events::internal
