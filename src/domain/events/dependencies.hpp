// What the three services of the events context — EventService (events), EscalationService
// (the whistle) and Open311Service (the public view) — are built on: one repository, the
// notifier their notifications go through, the working calendar in force, the routing rules
// and the clock. app/wiring builds one EventDependencies and hands it to each.
// Thread-safety: references to thread-safe objects; the struct is copied into each service.
#pragma once

#include <cstddef>
#include <string>

#include "core/clock.hpp"
#include "domain/calendar/holiday_calendar.hpp"
#include "domain/events/events.hpp"
#include "domain/events/routing.hpp"
#include "domain/notifications/notifications.hpp"

namespace linli::events {

struct EventOptions {
  std::string city_code = "3210";  // the Open311 jurisdiction_id and the city's prefix
  size_t max_photo_bytes = 5 * 1024 * 1024;
  int max_photos_per_event = 9;
  double open311_max_degrees = 0.02;  // nearest building search radius (about 2 km)
};

// REQUIRES: every referenced object outlives the services built on it.
struct EventDependencies {
  EventRepository& repository;
  notifications::Notifier& notifier;
  calendar::WorkingCalendarSource& calendars;
  const Router& router;
  core::Clock& clock;
};

}  // namespace linli::events
