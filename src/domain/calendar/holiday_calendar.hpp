// The working calendar as a context of its own: the holiday calendar administrators edit (a
// document in the data/calendar/cn-holidays.json format, one stored version per edit), the
// repository the storage layer implements, and the seam every module that counts working days
// reads the calendar in force through (WorkingCalendarSource) — service requests for their
// deadlines, events for the whistle's stage clocks, and later visits, care orders and volunteer
// tasks — without depending on the context that edits it.
// Thread-safety: plain values; implementations of the interfaces are thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "core/result.hpp"
#include "engines/calendar/working_calendar.hpp"

namespace linli::calendar {

// One version of the holiday calendar (data/calendar/cn-holidays.json format).
struct CalendarDocument {
  int version = 0;
  std::string json;
  int64_t created_at = 0;
  std::string created_by;  // the username of the editor; "system" for the start-up load
};

class CalendarRepository {
 public:
  virtual ~CalendarRepository() = default;
  // The latest version; nullopt when none is stored.
  virtual core::Result<std::optional<CalendarDocument>> CurrentCalendar() = 0;
  // Appends document.version (kFailedPrecondition when taken: edited meanwhile).
  virtual core::Status InsertCalendar(const CalendarDocument& document) = 0;
};

// The working calendar in force, as the modules that compute deadlines read it. Read it on
// every use (it is cached behind the seam), so that an edit applies to the next deadline.
class WorkingCalendarSource {
 public:
  virtual ~WorkingCalendarSource() = default;
  // Never null when ok.
  virtual core::Result<std::shared_ptr<const WorkingCalendar>> InForce() = 0;
};

// A calendar that never changes: tests, benchmarks and tools that bring their own.
class FixedCalendarSource final : public WorkingCalendarSource {
 public:
  explicit FixedCalendarSource(WorkingCalendar calendar)
      : calendar_(std::make_shared<const WorkingCalendar>(std::move(calendar))) {}
  core::Result<std::shared_ptr<const WorkingCalendar>> InForce() override { return calendar_; }

 private:
  std::shared_ptr<const WorkingCalendar> calendar_;
};

}  // namespace linli::calendar
