// Chinese resident identity numbers (公民身份号码, GB 11643-1999).
//
// 18 characters: a 6-digit area code (first two digits a province-level code), an 8-digit birth
// date YYYYMMDD, a 3-digit sequence code whose last digit gives the sex (odd male, even female),
// and an ISO 7064 MOD 11-2 check character (0-9 or X). Parsing accepts a lower-case x and
// surrounding blanks and returns the normalised form. Only province codes are checked against
// the national list; the full county list is not needed here.
// Thread-safety: pure functions; safe from any thread.
#pragma once

#include <string>
#include <string_view>

#include "core/identity/date.hpp"
#include "core/result.hpp"

namespace linli::identity {

enum class Sex { kMale, kFemale };

std::string_view SexName(Sex sex);  // "male" / "female"

struct IdNumber {
  std::string text;       // normalised: 18 characters, check character upper-case
  std::string area_code;  // 6 digits
  Date birth_date;
  std::string sequence_code;  // 3 digits
  Sex sex = Sex::kMale;
};

// Validates an identity number. `today` bounds the birth date (not after today, not before
// 1900-01-01). Errors are kValidationFailed, field "id_number", with a Chinese message naming
// what is wrong (长度, 非法字符, 地区码, 出生日期, 校验码); the expected check character is never
// revealed.
core::Result<IdNumber> ParseIdNumber(std::string_view text, Date today);

// The check character ('0'..'9' or 'X') for the first 17 characters.
// REQUIRES: first17 is exactly 17 ASCII digits.
char IdCheckCharacter(std::string_view first17);

// True for a province-level code of the national list (11 北京 … 82 澳门).
bool IsProvinceCode(int code);

// Only the last character kept, the rest '*': *****************4 (issue 15 item 7: with the
// region, age and sex a masked view shows, about 16,000 valid numbers remain; showing the first
// three and last four characters left about 30). Inputs shorter than 8 characters are masked
// completely.
std::string MaskIdNumber(std::string_view id_number);

}  // namespace linli::identity
