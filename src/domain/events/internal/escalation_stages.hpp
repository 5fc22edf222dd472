// An escalation's stages as the events context's services share them (internal to
// domain/events): a new escalation and each stage it enters get their clock and deadline on the
// working calendar in force; a view adds the warning now and what the caller may do.
// Thread-safety: pure functions over their arguments.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "domain/access/caller.hpp"
#include "domain/events/events.hpp"
#include "engines/calendar/working_calendar.hpp"

namespace linli::events::internal {

// Starts the clock of the stage of escalation.state at `now` (none in closed, declined and
// withdrawn), its deadline on `calendar`; a handle stage also sets handle_deadline_at.
void EnterStage(Escalation& escalation, int64_t now, const calendar::WorkingCalendar& calendar);

// One department's escalation of `event`, awaiting check-in from `now`.
Escalation NewEscalation(const Event& event, const std::string& department,
                         const std::string& reason, const std::optional<int64_t>& actor_id,
                         const std::string& actor_name, int64_t now,
                         const calendar::WorkingCalendar& calendar);

// The escalation with its warning at `now`; with a caller, the actions their scopes allow.
EscalationView ViewOf(const Escalation& escalation, const access::Caller* caller, int64_t now,
                      const calendar::WorkingCalendar& calendar);

}  // namespace linli::events::internal
