// Working-day calendar (工作日历): which China Standard Time days are working days, and deadlines
// counted in working days or working hours.
//
// A day is a working day when it is Monday–Friday and not an official day off (放假), or when it
// is a make-up working day (调休上班, a Saturday or Sunday the State Council turns into a working
// day). The official arrangements come as data (data/calendar/cn-holidays.json, editable by
// administrators); years the data does not list fall back to plain Monday–Friday weeks, and
// Covers() tells the caller so.
//
// All dates are civil dates in China Standard Time (UTC+8, no daylight saving). Instants are
// milliseconds since the Unix epoch, passed in by the caller: the engine never reads a clock.
//
// Rules (the definitions every caller relies on):
//   * Deadline in working days. A request submitted at instant t on China date D is due at the
//     end of the n-th working day after D: AddWorkingDays(t, n) returns the first instant after
//     that day (00:00 of the next day), and the request is overdue when now >= deadline.
//     Day D itself never counts (民法典 第二百零一条: the starting day is not counted). A
//     submission on a non-working day is treated as received on the next working day (顺延受理),
//     which then is day 0: filed Saturday with n = 1 → due at the end of Tuesday, exactly as if
//     filed on Monday. n = 0 means "by the end of the (effective) day of receipt" (即办).
//   * WorkingDaysBetween(from, to) counts working days d with from < d <= to; ElapsedWorkingDays
//     (submitted, finished) counts them from the effective receipt day. A request finished at
//     f < AddWorkingDays(t, n) has ElapsedWorkingDays(t, f) <= n; finished on a working day, it
//     is on time iff ElapsedWorkingDays(t, f) <= n.
//   * Working hours are the office hours of a working day, by default 08:30–12:00 and
//     13:30–17:30 (7.5 hours). AddWorkingTime(t, d) is the earliest instant u >= t such that
//     WorkingTimeBetween(t, u) == d: two working hours from Friday 17:00 end Monday 10:00.
//     Calendar time (TimeBasis::kCalendarTime) is plain elapsed time, used for urgent matters.
//
// Thread-safety: WorkingCalendar is an immutable value after construction; const methods are
// safe to call from many threads at once.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace linli::calendar {

inline constexpr int64_t kMillisPerMinute = 60'000;
inline constexpr int64_t kMillisPerHour = 3'600'000;
inline constexpr int64_t kMillisPerDay = 86'400'000;
// China Standard Time is UTC+8 all year (no daylight saving since 1991).
inline constexpr int64_t kChinaOffsetMillis = 8 * kMillisPerHour;

// A civil date in China Standard Time, stored as days since 1970-01-01.
class Date {
 public:
  constexpr Date() = default;
  constexpr explicit Date(int64_t days_since_epoch) : days_(days_since_epoch) {}

  // nullopt when the triple is not a real date (2023-02-29, month 13, ...) or the year is
  // outside 1900..9999.
  static std::optional<Date> FromCivil(int year, int month, int day);
  // "YYYY-MM-DD" exactly (zero-padded). Error (kInvalidArgument, Chinese) otherwise.
  static core::Result<Date> Parse(std::string_view text);

  constexpr int64_t days_since_epoch() const { return days_; }
  int year() const;
  int month() const;
  int day() const;
  // ISO weekday: 1 = Monday ... 7 = Sunday.
  int Weekday() const;
  bool IsWeekend() const { return Weekday() >= 6; }
  std::string ToString() const;  // "YYYY-MM-DD"
  constexpr Date AddDays(int64_t days) const { return Date(days_ + days); }

  friend constexpr auto operator<=>(const Date&, const Date&) = default;

 private:
  int64_t days_ = 0;
};

// The China date an instant falls on, and the instant 00:00 CST of a date.
Date ChinaDateOf(int64_t instant_millis);
int64_t StartOfChinaDay(Date date);

// Minutes after 00:00 of a working day; the office is open on [start_minute, end_minute).
struct OfficePeriod {
  int start_minute = 0;
  int end_minute = 0;
  bool operator==(const OfficePeriod&) const = default;
};
// 08:30–12:00 and 13:30–17:30.
std::vector<OfficePeriod> DefaultOfficeHours();

// One arrangement of a notice: a festival's days off (inclusive range) and its make-up working
// days.
struct HolidayPeriod {
  std::string name;  // "春节"
  Date off_from;
  Date off_to;  // inclusive; off_from <= off_to
  std::vector<Date> make_up_working_days;
};

// One year's notice (国务院办公厅关于YYYY年部分节假日安排的通知).
struct YearArrangement {
  int year = 0;
  std::string source;  // the notice's title / number, for the record
  std::vector<HolidayPeriod> holidays;
};

struct CalendarData {
  std::vector<YearArrangement> years;
  std::vector<OfficePeriod> office_hours = DefaultOfficeHours();
};

// Parses the JSON calendar format of data/calendar/cn-holidays.json (see its README). Errors are
// kValidationFailed (or kInvalidArgument for broken JSON) with a Chinese message and the JSON
// path of the field at fault, e.g. "years[1].holidays[2].off_from".
core::Result<CalendarData> ParseCalendarJson(std::string_view json_text);

// How stage limits are measured.
enum class TimeBasis {
  kWorkingTime,   // office hours of working days only
  kCalendarTime,  // plain elapsed time, nights and holidays included
};
std::string_view TimeBasisName(TimeBasis basis);  // "working_time", "calendar_time"
std::optional<TimeBasis> TimeBasisFromName(std::string_view name);

class WorkingCalendar {
 public:
  // Monday–Friday weeks with default office hours and no official arrangements.
  WorkingCalendar();

  // Validates the data: real dates, off_from <= off_to, a range of at most 15 days, no date
  // listed twice, every make-up day a Saturday or Sunday, no date both off and make-up, no
  // year listed twice, office periods ordered, non-empty and inside the day.
  static core::Result<WorkingCalendar> Create(const CalendarData& data);
  static core::Result<WorkingCalendar> FromJson(std::string_view json_text);

  // True when the data lists the official arrangements of date's year.
  bool Covers(Date date) const;
  bool IsWorkingDay(Date date) const;
  bool IsOfficialDayOff(Date date) const;    // listed in a holiday's days off
  bool IsMakeUpWorkingDay(Date date) const;  // listed as 调休上班
  // The first working day strictly after `date`, and the first on or after it.
  Date NextWorkingDay(Date date) const;
  Date WorkingDayOnOrAfter(Date date) const;
  // The day a submission at `instant_millis` counts as received: its China date if that is a
  // working day, else the next working day.
  Date EffectiveReceiptDate(int64_t instant_millis) const;

  // Deadline of something received at `start_millis` with n working days (see file comment).
  // Negative n is treated as 0. Returns an instant (00:00 CST after the n-th working day).
  int64_t AddWorkingDays(int64_t start_millis, int working_days) const;
  // The n-th working day after `date` (n <= 0: the date itself).
  Date AddWorkingDays(Date date, int working_days) const;
  // Working days d with from < d <= to; 0 when to <= from.
  int WorkingDaysBetween(Date from, Date to) const;
  // Working days from the effective receipt day of `start_millis` to the China date of
  // `end_millis` (0 when finished on the receipt day or earlier).
  int ElapsedWorkingDays(int64_t start_millis, int64_t end_millis) const;

  // Office time within [from_millis, to_millis) (0 when to <= from), in milliseconds.
  int64_t WorkingTimeBetween(int64_t from_millis, int64_t to_millis) const;
  // The earliest instant u >= start with WorkingTimeBetween(start, u) == duration (duration <= 0
  // returns start).
  int64_t AddWorkingTime(int64_t start_millis, int64_t duration_millis) const;

  // The same two, on either basis.
  int64_t ElapsedBetween(int64_t from_millis, int64_t to_millis, TimeBasis basis) const;
  int64_t AddDuration(int64_t start_millis, int64_t duration_millis, TimeBasis basis) const;

  const std::vector<OfficePeriod>& office_hours() const { return office_hours_; }
  int64_t WorkingMillisPerDay() const;

 private:
  enum class DayKind : uint8_t { kOrdinary, kDayOff, kMakeUpWorkingDay };
  struct Override {
    int64_t day;
    DayKind kind;
  };
  DayKind KindOf(Date date) const;

  std::vector<Override> overrides_;  // sorted by day, unique
  std::vector<int> covered_years_;   // sorted
  std::vector<OfficePeriod> office_hours_;
};

}  // namespace linli::calendar
