// HTTP handlers of volunteers and the hours ledger (docs/api.md, "志愿服务 Volunteers"): skills,
// volunteers and their ledger lines, teams, activities with slots and sign-ups (volunteers.read,
// volunteers.manage), check-in and check-out (volunteers.manage), verifying and correcting hours
// (volunteers.verify), proving the ledger (volunteers.verify, city administrators), a volunteer's
// own profile, activities, sign-ups and hours (volunteers.self) and the public statistics per
// place (no personal data).
// Thread-safety: the handlers hold a reference to the service (thread-safe) and no state.
#pragma once

#include <vector>

#include "domain/volunteers/volunteer_service.hpp"
#include "http/handler.hpp"

namespace linli::http {

// The service must outlive the routes.
std::vector<Route> VolunteerRoutes(volunteers::VolunteerService& service);

}  // namespace linli::http
