// Schedules of the jobs the server runs (domain/scheduler): every N minutes, daily at HH:MM, or
// monthly on day D at HH:MM, all in China Standard Time (UTC+8 all year), and the instants they
// fall on. Pure values: no clock, no I/O.
// Thread-safety: immutable values.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace linli::scheduler {

class Schedule {
 public:
  enum class Kind { kEvery, kDaily, kMonthly };

  Schedule() = default;  // every minute

  // Every `minutes` minutes (1..1440), on the multiples of that period counted from each day's
  // 00:00 China time (every 15 minutes: :00, :15, :30, :45; a period that does not divide the
  // day starts again at midnight: every 7 hours is 00:00, 07:00, 14:00, 21:00).
  static core::Result<Schedule> EveryMinutes(int minutes);
  // Each day at hour:minute China time.
  static core::Result<Schedule> DailyAt(int hour, int minute);
  // Each month on day `day` (1..28, so that every month has it) at hour:minute China time.
  static core::Result<Schedule> MonthlyOn(int day, int hour, int minute);
  // "HH:MM" (00:00..23:59) for configuration; kInvalidArgument naming `field` otherwise.
  static core::Result<Schedule> DailyAtText(std::string_view text, std::string_view field);

  Kind kind() const { return kind_; }
  int every_minutes() const { return every_minutes_; }
  int day_of_month() const { return day_of_month_; }
  int hour() const { return hour_; }
  int minute() const { return minute_; }
  std::string TimeOfDay() const;  // "HH:MM" (daily and monthly)

  // The first instant of the schedule strictly after `after` (epoch milliseconds).
  int64_t NextAfter(int64_t after) const;

 private:
  Kind kind_ = Kind::kEvery;
  int every_minutes_ = 1;
  int day_of_month_ = 0;
  int hour_ = 0;
  int minute_ = 0;
};

std::string_view ScheduleKindName(Schedule::Kind kind);  // "every", "daily", "monthly"

}  // namespace linli::scheduler
