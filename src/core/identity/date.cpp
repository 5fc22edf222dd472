#include "core/identity/date.hpp"

#include <cstdio>

namespace linli::identity {
namespace {

int DigitValue(char c) { return c >= '0' && c <= '9' ? c - '0' : -1; }

// Reads `count` decimal digits starting at `position`; -1 when any is not a digit.
int ReadNumber(std::string_view text, size_t position, size_t count) {
  int value = 0;
  for (size_t i = position; i < position + count; ++i) {
    int digit = DigitValue(text[i]);
    if (digit < 0) return -1;
    value = value * 10 + digit;
  }
  return value;
}

int64_t FloorDivide(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  if (month == 2 && IsLeapYear(year)) return 29;
  return kDays[month - 1];
}

bool IsValidDate(const Date& date) {
  return date.year >= 1 && date.year <= 9999 && date.day >= 1 &&
         date.day <= DaysInMonth(date.year, date.month);
}

core::Result<Date> ParseDate(std::string_view text, std::string_view field) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return core::Error::Validation("日期格式应为 YYYY-MM-DD", std::string(field));
  }
  Date date{ReadNumber(text, 0, 4), ReadNumber(text, 5, 2), ReadNumber(text, 8, 2)};
  if (date.year < 0 || date.month < 0 || date.day < 0) {
    return core::Error::Validation("日期格式应为 YYYY-MM-DD", std::string(field));
  }
  if (!IsValidDate(date)) return core::Error::Validation("日期不存在", std::string(field));
  return date;
}

std::string FormatDate(const Date& date) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", date.year, date.month, date.day);
  return buffer;
}

// Howard Hinnant's days_from_civil / civil_from_days.
int64_t DaysFromCivil(const Date& date) {
  const int64_t year = date.month <= 2 ? date.year - 1 : date.year;
  const int64_t era = FloorDivide(year, 400);
  const int64_t year_of_era = year - era * 400;
  const int64_t month_index = date.month > 2 ? date.month - 3 : date.month + 9;
  const int64_t day_of_year = (153 * month_index + 2) / 5 + date.day - 1;
  const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

Date CivilFromDays(int64_t days) {
  days += 719468;
  const int64_t era = FloorDivide(days, 146097);
  const int64_t day_of_era = days - era * 146097;
  const int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t month_index = (5 * day_of_year + 2) / 153;
  const int day = static_cast<int>(day_of_year - (153 * month_index + 2) / 5 + 1);
  const int month = static_cast<int>(month_index < 10 ? month_index + 3 : month_index - 9);
  const int64_t year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
  return Date{static_cast<int>(year), month, day};
}

Date DateFromUnixMillis(int64_t unix_millis, int utc_offset_minutes) {
  const int64_t local_millis = unix_millis + int64_t{utc_offset_minutes} * 60'000;
  return CivilFromDays(FloorDivide(local_millis, 86'400'000));
}

int AgeOn(const Date& birth, const Date& on) {
  int age = on.year - birth.year;
  if (on.month < birth.month || (on.month == birth.month && on.day < birth.day)) --age;
  return age;
}

}  // namespace linli::identity
