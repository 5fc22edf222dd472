#include "domain/scheduler/schedule.hpp"

#include <algorithm>
#include <cstdio>

#include "engines/calendar/working_calendar.hpp"

namespace linli::scheduler {

namespace {

using calendar::kChinaOffsetMillis;
using calendar::kMillisPerDay;
using calendar::kMillisPerHour;
using calendar::kMillisPerMinute;

core::Status CheckTime(int hour, int minute) {
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) {
    return core::Error::InvalidArgument("时间应在 00:00 到 23:59 之间", "time");
  }
  return core::Ok();
}

// Floor division for instants before the epoch too.
int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace

core::Result<Schedule> Schedule::EveryMinutes(int minutes) {
  if (minutes < 1 || minutes > 1440) {
    return core::Error::InvalidArgument("间隔应为 1 到 1440 分钟", "minutes");
  }
  Schedule schedule;
  schedule.kind_ = Kind::kEvery;
  schedule.every_minutes_ = minutes;
  return schedule;
}

core::Result<Schedule> Schedule::DailyAt(int hour, int minute) {
  TRY(CheckTime(hour, minute));
  Schedule schedule;
  schedule.kind_ = Kind::kDaily;
  schedule.hour_ = hour;
  schedule.minute_ = minute;
  return schedule;
}

core::Result<Schedule> Schedule::MonthlyOn(int day, int hour, int minute) {
  if (day < 1 || day > 28) return core::Error::InvalidArgument("日期应为每月 1 到 28 日", "day");
  TRY(CheckTime(hour, minute));
  Schedule schedule;
  schedule.kind_ = Kind::kMonthly;
  schedule.day_of_month_ = day;
  schedule.hour_ = hour;
  schedule.minute_ = minute;
  return schedule;
}

core::Result<Schedule> Schedule::DailyAtText(std::string_view text, std::string_view field) {
  const auto refused = [&] {
    return core::Error::InvalidArgument(
        std::string(field) + " 应为 HH:MM（00:00 到 23:59），而不是 " + std::string(text),
        std::string(field));
  };
  if (text.size() != 5 || text[2] != ':') return refused();
  for (size_t i : {0, 1, 3, 4}) {
    if (text[i] < '0' || text[i] > '9') return refused();
  }
  const int hour = (text[0] - '0') * 10 + (text[1] - '0');
  const int minute = (text[3] - '0') * 10 + (text[4] - '0');
  auto schedule = DailyAt(hour, minute);
  if (!schedule.ok()) return refused();
  return schedule;
}

std::string Schedule::TimeOfDay() const {
  char text[8];
  std::snprintf(text, sizeof text, "%02d:%02d", hour_, minute_);
  return text;
}

int64_t Schedule::NextAfter(int64_t after) const {
  const int64_t local = after + kChinaOffsetMillis;  // China wall-clock milliseconds
  switch (kind_) {
    case Kind::kEvery: {
      const int64_t period = int64_t(every_minutes_) * kMillisPerMinute;
      const int64_t day = FloorDiv(local, kMillisPerDay);
      const int64_t into_day = local - day * kMillisPerDay;
      // The day's multiples of the period, then the next midnight.
      const int64_t next = std::min((into_day / period + 1) * period, kMillisPerDay);
      return day * kMillisPerDay + next - kChinaOffsetMillis;
    }
    case Kind::kDaily: {
      const int64_t offset = hour_ * kMillisPerHour + minute_ * kMillisPerMinute;
      int64_t day = FloorDiv(local, kMillisPerDay);
      int64_t candidate = day * kMillisPerDay + offset;
      if (candidate <= local) candidate += kMillisPerDay;
      return candidate - kChinaOffsetMillis;
    }
    case Kind::kMonthly: {
      const int64_t offset = hour_ * kMillisPerHour + minute_ * kMillisPerMinute;
      const calendar::Date today(FloorDiv(local, kMillisPerDay));
      int year = today.year();
      int month = today.month();
      for (int step = 0; step < 2; ++step) {
        const auto date = calendar::Date::FromCivil(year, month, day_of_month_);
        if (date) {
          const int64_t candidate = date->days_since_epoch() * kMillisPerDay + offset;
          if (candidate > local) return candidate - kChinaOffsetMillis;
        }
        if (++month > 12) {
          month = 1;
          ++year;
        }
      }
      return after + kMillisPerDay;  // outside the calendar's years: never reached in practice
    }
  }
  return after + kMillisPerDay;
}

std::string_view ScheduleKindName(Schedule::Kind kind) {
  switch (kind) {
    case Schedule::Kind::kEvery:
      return "every";
    case Schedule::Kind::kDaily:
      return "daily";
    case Schedule::Kind::kMonthly:
      return "monthly";
  }
  return "every";
}

}  // namespace linli::scheduler
