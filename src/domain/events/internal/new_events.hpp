// What every new event goes through, reported in the app (EventService::Report) or submitted
// through Open311 (Open311Service::Submit), and who handles it (internal to domain/events): the
// place check, routing by the rules to a handler with its transition rows, copies and
// notifications, and — for a department target — the escalation made at once.
// Thread-safety: functions over their arguments; they read the repository, never write it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "domain/events/dependencies.hpp"
#include "domain/events/events.hpp"
#include "domain/events/routing.hpp"
#include "engines/calendar/working_calendar.hpp"

namespace linli::events::internal {

// WGS-84 coordinates inside China's bounding box.
bool InsideChina(double lat, double lon);

// The display name of a handler: a department's own name, else the division's (its code when
// unknown).
std::string HandlerName(EventRepository& repository, TargetLevel level, std::string_view code,
                        std::string_view department);

// The accounts that handle at a level: a department's officers whose scope covers the place (the
// others could not open what they are told of), or the community workers, town or county
// officials granted exactly that division.
core::Result<std::vector<int64_t>> RecipientsFor(EventRepository& repository, TargetLevel level,
                                                 std::string_view division_code,
                                                 std::string_view department,
                                                 std::string_view place_code);

struct RoutedEvent {
  RoutingDecision decision;
  EventWrite write;  // for EventRepository::CreateEvent
};

// Routes `event` (created_at set; id not yet known) by the rules: fills its handler, state,
// status note and expected_at, and returns the rows to write with it — report, assign (and
// escalate) transitions, copies, the handler's and the copies' notifications and, for a
// department target, its escalation.
core::Result<RoutedEvent> RouteNewEvent(const EventDependencies& dependencies, Event& event,
                                        const std::optional<int64_t>& actor_id,
                                        const std::string& actor_name,
                                        const calendar::WorkingCalendar& calendar);

}  // namespace linli::events::internal
