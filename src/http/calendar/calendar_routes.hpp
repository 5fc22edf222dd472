// Handlers of /api/v1/holiday-calendar (docs/api.md, "Service requests"): the holiday calendar
// in force (public) and its replacement by an administrator (catalogue.manage), as
// {"version","created_at","created_by","calendar"}.
// Thread-safety: the handlers hold a reference to the thread-safe CalendarService and no state.
#pragma once

#include <vector>

#include "domain/calendar/calendar_service.hpp"
#include "http/handler.hpp"

namespace linli::http {

// The service must outlive the routes.
std::vector<Route> CalendarRoutes(calendar::CalendarService& calendars);

}  // namespace linli::http
