// Ethnic groups (民族) with the two-digit codes of GB/T 3304-1991: the 56 groups, 01 汉族 …
// 56 基诺族, plus the standard's extra codes 97 其他 and 98 外国血统中国籍人士.
//
// The table is compiled in and immutable. Lookup by code ("01", also "1") or by Chinese name
// ("汉族"; the name without its trailing 族, "汉", is accepted too).
// Thread-safety: immutable data and pure functions; safe from any thread.
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "core/result.hpp"

namespace linli::identity {

struct Ethnicity {
  std::string_view code;  // two digits, "01".."56", "97", "98"
  std::string_view name;  // Chinese name, "汉族"

  friend bool operator==(const Ethnicity&, const Ethnicity&) = default;
};

inline constexpr int kEthnicGroupCount = 56;

// The 56 groups in code order, then 97 and 98.
std::span<const Ethnicity> AllEthnicities();
// True for codes 01..56 (one of the 56 groups), false for 97/98.
bool IsEthnicGroup(const Ethnicity& ethnicity);

std::optional<Ethnicity> EthnicityByCode(std::string_view code);
std::optional<Ethnicity> EthnicityByName(std::string_view name);

// By code or name; kValidationFailed with field "ethnicity" when neither matches.
core::Result<Ethnicity> ParseEthnicity(std::string_view code_or_name);

}  // namespace linli::identity
