// The volunteer module's workbench cards (workbench.hpp), for community workers and town, county
// and city officials:
// - volunteers.to_verify: sign-ups checked out whose hours wait for verification, in the
//   caller's volunteers.verify scope (warning when there are any);
// - volunteers.short_activities: open activities not yet over whose slots want more volunteers
//   than have signed up, in the caller's volunteers.manage scope.
// A caller holding the permission nowhere gets no card. Decision 0052.
// Thread-safety: as VolunteerService.
#pragma once

#include "core/result.hpp"
#include "domain/volunteers/volunteer_service.hpp"
#include "domain/workbench/workbench.hpp"

namespace linli::volunteers {

// REQUIRES: service outlives the workbench.
core::Status RegisterWorkbenchCards(workbench::Workbench& bench, VolunteerService& service);

}  // namespace linli::volunteers
