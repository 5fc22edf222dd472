#include "engines/calendar/working_calendar.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cstdio>
#include <map>
#include <utility>

namespace linli::calendar {
namespace {

// Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian).
int64_t DaysFromCivil(int64_t year, unsigned month, unsigned day) {
  year -= month <= 2 ? 1 : 0;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const unsigned year_of_era = static_cast<unsigned>(year - era * 400);
  const unsigned day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + static_cast<int64_t>(day_of_era) - 719468;
}

struct Civil {
  int64_t year;
  unsigned month;
  unsigned day;
};

Civil CivilFromDays(int64_t days) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const unsigned day_of_era = static_cast<unsigned>(days - era * 146097);
  const unsigned year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t year = static_cast<int64_t>(year_of_era) + era * 400;
  const unsigned day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const unsigned month_index = (5 * day_of_year + 2) / 153;
  const unsigned day = day_of_year - (153 * month_index + 2) / 5 + 1;
  const unsigned month = month_index < 10 ? month_index + 3 : month_index - 9;
  return {year + (month <= 2 ? 1 : 0), month, day};
}

int64_t FloorDiv(int64_t value, int64_t divisor) {
  int64_t quotient = value / divisor;
  if ((value % divisor != 0) && ((value < 0) != (divisor < 0))) --quotient;
  return quotient;
}

std::string FormatMinute(int minute) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%02d:%02d", minute / 60, minute % 60);
  return buffer;
}

constexpr int64_t kMaxHolidaySpanDays = 15;

// --- JSON reading helpers: every error names the JSON path of the field. ---

core::Error FieldError(std::string message, std::string field) {
  return core::Error::Validation(std::move(message), std::move(field));
}

core::Result<std::string> ReadString(const boost::json::object& object, std::string_view key,
                                     const std::string& path, bool required) {
  const boost::json::value* value = object.if_contains(key);
  if (value == nullptr || value->is_null()) {
    if (required) return FieldError("缺少字段 " + std::string(key), path);
    return std::string();
  }
  if (!value->is_string()) return FieldError(std::string(key) + " 应为字符串", path);
  return std::string(value->as_string());
}

core::Result<Date> ReadDate(const boost::json::value& value, const std::string& path) {
  if (!value.is_string()) return FieldError("日期应为 YYYY-MM-DD 格式的字符串", path);
  auto date = Date::Parse(value.as_string());
  if (!date.ok()) return FieldError(date.error().message, path);
  return date.value();
}

core::Result<int> ParseClock(const boost::json::value* value, const std::string& path) {
  if (value == nullptr || !value->is_string()) return FieldError("时间应为 HH:MM 格式", path);
  std::string_view text = value->as_string();
  if (text.size() != 5 || text[2] != ':') return FieldError("时间应为 HH:MM 格式", path);
  for (size_t i : {0u, 1u, 3u, 4u}) {
    if (text[i] < '0' || text[i] > '9') return FieldError("时间应为 HH:MM 格式", path);
  }
  const int hour = (text[0] - '0') * 10 + (text[1] - '0');
  const int minute = (text[3] - '0') * 10 + (text[4] - '0');
  if (hour > 24 || minute > 59 || (hour == 24 && minute != 0)) {
    return FieldError("时间无效：" + std::string(text), path);
  }
  return hour * 60 + minute;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Date

std::optional<Date> Date::FromCivil(int year, int month, int day) {
  if (year < 1900 || year > 9999 || month < 1 || month > 12 || day < 1) return std::nullopt;
  static constexpr int kDaysInMonth[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int month_days = kDaysInMonth[month - 1] + (month == 2 && leap ? 1 : 0);
  if (day > month_days) return std::nullopt;
  return Date(DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)));
}

core::Result<Date> Date::Parse(std::string_view text) {
  auto bad = [&] {
    return core::Error::InvalidArgument("日期无效：" + std::string(text) +
                                        "（应为 YYYY-MM-DD 格式的真实日期）");
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return bad();
  int parts[3] = {0, 0, 0};
  const std::pair<size_t, size_t> spans[3] = {{0, 4}, {5, 7}, {8, 10}};
  for (int i = 0; i < 3; ++i) {
    for (size_t j = spans[i].first; j < spans[i].second; ++j) {
      if (text[j] < '0' || text[j] > '9') return bad();
      parts[i] = parts[i] * 10 + (text[j] - '0');
    }
  }
  auto date = FromCivil(parts[0], parts[1], parts[2]);
  if (!date) return bad();
  return *date;
}

int Date::year() const { return static_cast<int>(CivilFromDays(days_).year); }
int Date::month() const { return static_cast<int>(CivilFromDays(days_).month); }
int Date::day() const { return static_cast<int>(CivilFromDays(days_).day); }

int Date::Weekday() const {
  // 1970-01-01 was a Thursday (ISO 4).
  const int64_t index = ((days_ % 7) + 7 + 3) % 7;  // 0 = Monday
  return static_cast<int>(index) + 1;
}

std::string Date::ToString() const {
  const Civil civil = CivilFromDays(days_);
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(civil.year), civil.month,
                civil.day);
  return buffer;
}

Date ChinaDateOf(int64_t instant_millis) {
  return Date(FloorDiv(instant_millis + kChinaOffsetMillis, kMillisPerDay));
}

int64_t StartOfChinaDay(Date date) {
  return date.days_since_epoch() * kMillisPerDay - kChinaOffsetMillis;
}

std::vector<OfficePeriod> DefaultOfficeHours() {
  return {{8 * 60 + 30, 12 * 60}, {13 * 60 + 30, 17 * 60 + 30}};
}

std::string_view TimeBasisName(TimeBasis basis) {
  switch (basis) {
    case TimeBasis::kWorkingTime:
      return "working_time";
    case TimeBasis::kCalendarTime:
      return "calendar_time";
  }
  return "";
}

std::optional<TimeBasis> TimeBasisFromName(std::string_view name) {
  if (name == "working_time") return TimeBasis::kWorkingTime;
  if (name == "calendar_time") return TimeBasis::kCalendarTime;
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// JSON

core::Result<CalendarData> ParseCalendarJson(std::string_view json_text) {
  boost::system::error_code parse_error;
  boost::json::value root = boost::json::parse(json_text, parse_error);
  if (parse_error) {
    return core::Error::InvalidArgument("节假日数据不是有效的 JSON：" + parse_error.message());
  }
  if (!root.is_object()) return FieldError("节假日数据应为 JSON 对象", "");
  const boost::json::object& object = root.as_object();
  CalendarData data;

  if (const boost::json::value* hours = object.if_contains("office_hours")) {
    if (!hours->is_array()) return FieldError("office_hours 应为数组", "office_hours");
    data.office_hours.clear();
    const boost::json::array& periods = hours->as_array();
    for (size_t i = 0; i < periods.size(); ++i) {
      const std::string path = "office_hours[" + std::to_string(i) + "]";
      if (!periods[i].is_object()) return FieldError("办公时段应为对象", path);
      const boost::json::object& period = periods[i].as_object();
      ASSIGN_OR_RETURN(int start, ParseClock(period.if_contains("start"), path + ".start"));
      ASSIGN_OR_RETURN(int end, ParseClock(period.if_contains("end"), path + ".end"));
      data.office_hours.push_back({start, end});
    }
  }

  const boost::json::value* years = object.if_contains("years");
  if (years == nullptr || !years->is_array()) return FieldError("缺少 years 数组", "years");
  for (size_t y = 0; y < years->as_array().size(); ++y) {
    const std::string year_path = "years[" + std::to_string(y) + "]";
    const boost::json::value& year_value = years->as_array()[y];
    if (!year_value.is_object()) return FieldError("年度安排应为对象", year_path);
    const boost::json::object& year_object = year_value.as_object();
    YearArrangement arrangement;
    const boost::json::value* year_number = year_object.if_contains("year");
    if (year_number == nullptr || !year_number->is_int64()) {
      return FieldError("year 应为整数年份", year_path + ".year");
    }
    arrangement.year = static_cast<int>(year_number->as_int64());
    ASSIGN_OR_RETURN(arrangement.source,
                     ReadString(year_object, "source", year_path + ".source", false));
    const boost::json::value* holidays = year_object.if_contains("holidays");
    if (holidays == nullptr || !holidays->is_array()) {
      return FieldError("缺少 holidays 数组", year_path + ".holidays");
    }
    for (size_t h = 0; h < holidays->as_array().size(); ++h) {
      const std::string path = year_path + ".holidays[" + std::to_string(h) + "]";
      const boost::json::value& holiday_value = holidays->as_array()[h];
      if (!holiday_value.is_object()) return FieldError("节日安排应为对象", path);
      const boost::json::object& holiday = holiday_value.as_object();
      HolidayPeriod period;
      ASSIGN_OR_RETURN(period.name, ReadString(holiday, "name", path + ".name", true));
      const boost::json::value* from = holiday.if_contains("off_from");
      const boost::json::value* to = holiday.if_contains("off_to");
      if (from == nullptr) return FieldError("缺少放假起始日期 off_from", path + ".off_from");
      if (to == nullptr) return FieldError("缺少放假结束日期 off_to", path + ".off_to");
      ASSIGN_OR_RETURN(period.off_from, ReadDate(*from, path + ".off_from"));
      ASSIGN_OR_RETURN(period.off_to, ReadDate(*to, path + ".off_to"));
      if (const boost::json::value* make_up = holiday.if_contains("make_up_working_days")) {
        if (!make_up->is_array()) {
          return FieldError("make_up_working_days 应为日期数组", path + ".make_up_working_days");
        }
        for (size_t m = 0; m < make_up->as_array().size(); ++m) {
          ASSIGN_OR_RETURN(Date day,
                           ReadDate(make_up->as_array()[m],
                                    path + ".make_up_working_days[" + std::to_string(m) + "]"));
          period.make_up_working_days.push_back(day);
        }
      }
      arrangement.holidays.push_back(std::move(period));
    }
    data.years.push_back(std::move(arrangement));
  }
  // Validate here too, so that JSON errors carry JSON paths.
  auto calendar = WorkingCalendar::Create(data);
  if (!calendar.ok()) return std::move(calendar).error();
  return data;
}

// ---------------------------------------------------------------------------------------------
// WorkingCalendar

WorkingCalendar::WorkingCalendar() : office_hours_(DefaultOfficeHours()) {}

core::Result<WorkingCalendar> WorkingCalendar::Create(const CalendarData& data) {
  WorkingCalendar calendar;
  // Office hours.
  if (data.office_hours.empty()) return FieldError("至少需要一个办公时段", "office_hours");
  int previous_end = 0;
  for (size_t i = 0; i < data.office_hours.size(); ++i) {
    const OfficePeriod& period = data.office_hours[i];
    const std::string path = "office_hours[" + std::to_string(i) + "]";
    if (period.start_minute < 0 || period.end_minute > 24 * 60 ||
        period.start_minute >= period.end_minute) {
      return FieldError("办公时段无效：" + FormatMinute(std::max(period.start_minute, 0)) + "–" +
                            FormatMinute(std::clamp(period.end_minute, 0, 24 * 60)),
                        path);
    }
    if (period.start_minute < previous_end) {
      return FieldError("办公时段应按时间先后排列且互不重叠", path);
    }
    previous_end = period.end_minute;
  }
  calendar.office_hours_ = data.office_hours;

  // Days. `seen` remembers where each date was listed, for the messages.
  std::map<int64_t, std::pair<DayKind, std::string>> seen;
  for (size_t y = 0; y < data.years.size(); ++y) {
    const YearArrangement& year = data.years[y];
    const std::string year_path = "years[" + std::to_string(y) + "]";
    if (year.year < 1900 || year.year > 9999) {
      return FieldError("年份无效：" + std::to_string(year.year), year_path + ".year");
    }
    if (std::find(calendar.covered_years_.begin(), calendar.covered_years_.end(), year.year) !=
        calendar.covered_years_.end()) {
      return FieldError("年份 " + std::to_string(year.year) + " 重复出现", year_path + ".year");
    }
    calendar.covered_years_.push_back(year.year);
    for (size_t h = 0; h < year.holidays.size(); ++h) {
      const HolidayPeriod& holiday = year.holidays[h];
      const std::string path = year_path + ".holidays[" + std::to_string(h) + "]";
      if (holiday.name.empty()) return FieldError("节日名称不能为空", path + ".name");
      if (holiday.off_to < holiday.off_from) {
        return FieldError(holiday.name + "：放假起始日期 " + holiday.off_from.ToString() +
                              " 晚于结束日期 " + holiday.off_to.ToString(),
                          path + ".off_to");
      }
      if (holiday.off_to.days_since_epoch() - holiday.off_from.days_since_epoch() + 1 >
          kMaxHolidaySpanDays) {
        return FieldError(holiday.name + "：放假区间超过 " + std::to_string(kMaxHolidaySpanDays) +
                              " 天，请检查日期",
                          path + ".off_to");
      }
      for (Date day = holiday.off_from; day <= holiday.off_to; day = day.AddDays(1)) {
        auto [it, inserted] =
            seen.emplace(day.days_since_epoch(), std::make_pair(DayKind::kDayOff, holiday.name));
        if (!inserted) {
          if (it->second.first == DayKind::kMakeUpWorkingDay) {
            return FieldError("日期 " + day.ToString() + " 既是放假日（" + holiday.name +
                                  "）又是调休上班日（" + it->second.second + "）",
                              path + ".off_from");
          }
          return FieldError("放假日期 " + day.ToString() + " 重复出现（" + it->second.second +
                                "、" + holiday.name + "）",
                            path + ".off_from");
        }
      }
      for (size_t m = 0; m < holiday.make_up_working_days.size(); ++m) {
        const Date day = holiday.make_up_working_days[m];
        const std::string day_path = path + ".make_up_working_days[" + std::to_string(m) + "]";
        if (!day.IsWeekend()) {
          return FieldError(holiday.name + "：调休上班日 " + day.ToString() +
                                " 不是周六或周日（工作日本来就上班）",
                            day_path);
        }
        auto [it, inserted] = seen.emplace(
            day.days_since_epoch(), std::make_pair(DayKind::kMakeUpWorkingDay, holiday.name));
        if (!inserted) {
          if (it->second.first == DayKind::kDayOff) {
            return FieldError("日期 " + day.ToString() + " 既是放假日（" + it->second.second +
                                  "）又是调休上班日（" + holiday.name + "）",
                              day_path);
          }
          return FieldError("调休上班日 " + day.ToString() + " 重复出现", day_path);
        }
      }
    }
  }
  std::sort(calendar.covered_years_.begin(), calendar.covered_years_.end());
  calendar.overrides_.reserve(seen.size());
  for (const auto& [day, entry] : seen) calendar.overrides_.push_back({day, entry.first});
  return calendar;
}

core::Result<WorkingCalendar> WorkingCalendar::FromJson(std::string_view json_text) {
  ASSIGN_OR_RETURN(CalendarData data, ParseCalendarJson(json_text));
  return Create(data);
}

WorkingCalendar::DayKind WorkingCalendar::KindOf(Date date) const {
  const int64_t day = date.days_since_epoch();
  auto it =
      std::lower_bound(overrides_.begin(), overrides_.end(), day,
                       [](const Override& entry, int64_t value) { return entry.day < value; });
  if (it != overrides_.end() && it->day == day) return it->kind;
  return DayKind::kOrdinary;
}

bool WorkingCalendar::Covers(Date date) const {
  return std::binary_search(covered_years_.begin(), covered_years_.end(), date.year());
}

bool WorkingCalendar::IsWorkingDay(Date date) const {
  switch (KindOf(date)) {
    case DayKind::kDayOff:
      return false;
    case DayKind::kMakeUpWorkingDay:
      return true;
    case DayKind::kOrdinary:
      return !date.IsWeekend();
  }
  return false;
}

bool WorkingCalendar::IsOfficialDayOff(Date date) const { return KindOf(date) == DayKind::kDayOff; }

bool WorkingCalendar::IsMakeUpWorkingDay(Date date) const {
  return KindOf(date) == DayKind::kMakeUpWorkingDay;
}

Date WorkingCalendar::NextWorkingDay(Date date) const {
  return WorkingDayOnOrAfter(date.AddDays(1));
}

Date WorkingCalendar::WorkingDayOnOrAfter(Date date) const {
  // Terminates: a holiday range is at most 15 days and two ranges never share a date, and dates
  // outside the data follow the plain week.
  while (!IsWorkingDay(date)) date = date.AddDays(1);
  return date;
}

Date WorkingCalendar::EffectiveReceiptDate(int64_t instant_millis) const {
  return WorkingDayOnOrAfter(ChinaDateOf(instant_millis));
}

Date WorkingCalendar::AddWorkingDays(Date date, int working_days) const {
  for (int i = 0; i < working_days; ++i) date = NextWorkingDay(date);
  return date;
}

int64_t WorkingCalendar::AddWorkingDays(int64_t start_millis, int working_days) const {
  const Date due_day =
      AddWorkingDays(EffectiveReceiptDate(start_millis), std::max(working_days, 0));
  return StartOfChinaDay(due_day.AddDays(1));
}

int WorkingCalendar::WorkingDaysBetween(Date from, Date to) const {
  int count = 0;
  for (Date day = from.AddDays(1); day <= to; day = day.AddDays(1)) {
    if (IsWorkingDay(day)) ++count;
  }
  return count;
}

int WorkingCalendar::ElapsedWorkingDays(int64_t start_millis, int64_t end_millis) const {
  return WorkingDaysBetween(EffectiveReceiptDate(start_millis), ChinaDateOf(end_millis));
}

int64_t WorkingCalendar::WorkingMillisPerDay() const {
  int64_t total = 0;
  for (const OfficePeriod& period : office_hours_) {
    total += (period.end_minute - period.start_minute) * kMillisPerMinute;
  }
  return total;
}

int64_t WorkingCalendar::WorkingTimeBetween(int64_t from_millis, int64_t to_millis) const {
  if (to_millis <= from_millis) return 0;
  int64_t total = 0;
  const Date last = ChinaDateOf(to_millis - 1);
  for (Date day = ChinaDateOf(from_millis); day <= last; day = day.AddDays(1)) {
    if (!IsWorkingDay(day)) continue;
    const int64_t day_start = StartOfChinaDay(day);
    for (const OfficePeriod& period : office_hours_) {
      const int64_t open = day_start + period.start_minute * kMillisPerMinute;
      const int64_t close = day_start + period.end_minute * kMillisPerMinute;
      const int64_t overlap = std::min(close, to_millis) - std::max(open, from_millis);
      if (overlap > 0) total += overlap;
    }
  }
  return total;
}

int64_t WorkingCalendar::AddWorkingTime(int64_t start_millis, int64_t duration_millis) const {
  if (duration_millis <= 0) return start_millis;
  int64_t remaining = duration_millis;
  for (Date day = ChinaDateOf(start_millis);; day = day.AddDays(1)) {
    if (!IsWorkingDay(day)) continue;
    const int64_t day_start = StartOfChinaDay(day);
    for (const OfficePeriod& period : office_hours_) {
      const int64_t open =
          std::max(day_start + period.start_minute * kMillisPerMinute, start_millis);
      const int64_t close = day_start + period.end_minute * kMillisPerMinute;
      if (close <= open) continue;
      if (close - open >= remaining) return open + remaining;
      remaining -= close - open;
    }
  }
}

int64_t WorkingCalendar::ElapsedBetween(int64_t from_millis, int64_t to_millis,
                                        TimeBasis basis) const {
  if (basis == TimeBasis::kCalendarTime) return std::max<int64_t>(to_millis - from_millis, 0);
  return WorkingTimeBetween(from_millis, to_millis);
}

int64_t WorkingCalendar::AddDuration(int64_t start_millis, int64_t duration_millis,
                                     TimeBasis basis) const {
  if (basis == TimeBasis::kCalendarTime)
    return start_millis + std::max<int64_t>(duration_millis, 0);
  return AddWorkingTime(start_millis, duration_millis);
}

}  // namespace linli::calendar
