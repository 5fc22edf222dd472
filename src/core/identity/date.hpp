// Calendar dates (proleptic Gregorian, no time zone) for birth dates, visit plans and ages.
//
// Date is a plain value: year, month, day. Functions here are pure, except that nothing reads
// the system clock: callers turn a core::Clock reading into today's date with
// DateFromUnixMillis (China Standard Time by default).
// Thread-safety: plain values and pure functions; safe from any thread.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace linli::identity {

struct Date {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..DaysInMonth(year, month)

  friend auto operator<=>(const Date&, const Date&) = default;
};

bool IsLeapYear(int year);
// 28..31 for month 1..12; 0 for a month outside 1..12.
int DaysInMonth(int year, int month);
// True when month and day exist in that year (years 1..9999).
bool IsValidDate(const Date& date);

// Strict "YYYY-MM-DD" (zero-padded). Errors are kValidationFailed with a Chinese message and
// the given field name.
core::Result<Date> ParseDate(std::string_view text, std::string_view field = "date");
// "YYYY-MM-DD". REQUIRES: IsValidDate(date).
std::string FormatDate(const Date& date);

// Days since 1970-01-01 (negative before). REQUIRES: IsValidDate(date).
int64_t DaysFromCivil(const Date& date);
Date CivilFromDays(int64_t days);

// The calendar date at a Unix time in milliseconds, shifted by a fixed UTC offset
// (default +08:00, China Standard Time, which has no daylight saving).
Date DateFromUnixMillis(int64_t unix_millis, int utc_offset_minutes = 8 * 60);

// Age in whole years on `on` for someone born on `birth`; someone born on 29 February turns a
// year older on 1 March in non-leap years. Negative when `on` is before `birth`.
int AgeOn(const Date& birth, const Date& on);

}  // namespace linli::identity
