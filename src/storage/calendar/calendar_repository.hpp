// SQL implementation of calendar::CalendarRepository (SQLite and PostgreSQL alike) over the
// holiday_calendars table (one row per version; migration 0005).
// Thread-safety: thread-safe (a pooled connection per call).
#pragma once

#include <memory>

#include "domain/calendar/holiday_calendar.hpp"
#include "storage/db.hpp"

namespace linli::storage {

std::unique_ptr<calendar::CalendarRepository> MakeSqlCalendarRepository(Database& database);

}  // namespace linli::storage
