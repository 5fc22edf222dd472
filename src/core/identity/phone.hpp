// Mainland China telephone numbers: mobile (11 digits, 13x-19x) and fixed line (area code
// 0xx/0xxx + 7-8 digit local number).
//
// Parsing strips blanks, dashes, dots and parentheses and an optional +86 / 0086 / 86 country
// prefix, then normalises: mobile "13812345678", fixed line "0514-87654321". Area codes whose
// second digit is 1 or 2 (010, 020-029) have three digits, all others four, so a fixed-line
// number written without a dash is split unambiguously.
// Thread-safety: pure functions; safe from any thread.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace linli::identity {

enum class PhoneKind { kMobile, kFixedLine };

struct PhoneNumber {
  std::string text;  // normalised, see above
  PhoneKind kind = PhoneKind::kMobile;
  std::string area_code;     // fixed line only, e.g. "0514"; empty for mobile
  std::string local_number;  // fixed line: 7-8 digits; mobile: the 11 digits
};

// Errors are kValidationFailed, field "phone", with a Chinese message.
core::Result<PhoneNumber> ParsePhone(std::string_view text);

// Masks a normalised number: mobile 138****5678; fixed line keeps the area code and the last 4
// digits, 0514-****4321. Anything else keeps only its last 4 characters.
std::string MaskPhone(std::string_view normalised_phone);

}  // namespace linli::identity
