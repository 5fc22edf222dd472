// The events context's workbench cards (workbench.hpp): open events of a community or grid
// worker, with the report button; open events by community or town for town and county
// officials; the whistle's yellow and red warnings for supervisors (town, county, city); a
// department officer's board, red and yellow first.
// Thread-safety: as the services.
#pragma once

#include "core/result.hpp"
#include "domain/events/escalation_service.hpp"
#include "domain/events/event_service.hpp"
#include "domain/workbench/workbench.hpp"

namespace linli::events {

// REQUIRES: the services outlive the workbench.
core::Status RegisterWorkbenchCards(workbench::Workbench& bench, EventService& events,
                                    EscalationService& escalations);

}  // namespace linli::events
