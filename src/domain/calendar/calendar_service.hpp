// CalendarService: owns the holiday calendar. It loads the shipped file into an empty store at
// start-up, answers the document in force (GET /holiday-calendar, public), replaces it with a
// new version (catalogue.manage, attributed to the editor), and serves the working calendar in
// force to every module through WorkingCalendarSource: built once from the stored document
// (plain Monday–Friday weeks when none is stored), cached, and rebuilt at once on an edit made
// through the service (the only writer).
// Thread-safety: thread-safe (the cache has its own mutex).
#pragma once

#include <memory>
#include <mutex>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/access/caller.hpp"
#include "domain/calendar/holiday_calendar.hpp"

namespace linli::calendar {

class CalendarService final : public WorkingCalendarSource {
 public:
  // REQUIRES: repository and clock outlive the service.
  CalendarService(CalendarRepository& repository, const core::Clock& clock);

  // Start-up: stores `calendar_json` as version 1 when no calendar is stored. Returns whether it
  // did; kInvalidArgument when the document is not a calendar.
  core::Result<bool> LoadIfEmpty(std::string_view calendar_json);

  // The stored document in force; kNotFound when none is stored.
  core::Result<CalendarDocument> DocumentInForce();
  // Stores `calendar_json` as the next version (catalogue.manage; the document must parse) and
  // rebuilds the cached calendar. kFailedPrecondition when someone else edited meanwhile.
  core::Result<CalendarDocument> Replace(std::string_view calendar_json,
                                         const access::Caller& caller);

  // The working calendar in force (plain Monday–Friday weeks when none is stored).
  core::Result<std::shared_ptr<const WorkingCalendar>> InForce() override;

 private:
  CalendarRepository& repository_;
  const core::Clock& clock_;
  std::mutex mutex_;
  std::shared_ptr<const WorkingCalendar> calendar_;  // guarded by mutex_; null = not built yet
};

}  // namespace linli::calendar
