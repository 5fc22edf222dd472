// Division and grid codes (12-digit national statistical codes, trimmed to their level).
//
//   province 2 digits "32", city 4 "3210", county 6 "321002", town 9 "321002001",
//   community 12 "321002001001", grid 15 (community + 3), micro-grid 17 (grid + 2).
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace linli::core {

enum class DivisionLevel { kProvince, kCity, kCounty, kTown, kCommunity, kGrid, kMicroGrid };

std::string_view DivisionLevelName(DivisionLevel level);  // "province", ..., "micro_grid"
// The level of a well-formed code (all digits, a known length), or nullopt.
std::optional<DivisionLevel> LevelOfCode(std::string_view code);
// The length of a code at `level` (2, 4, 6, 9, 12, 15, 17).
size_t CodeLength(DivisionLevel level);
// The parent's code ("" for a province); REQUIRES: LevelOfCode(code).
std::string ParentCode(std::string_view code);
bool IsDigits(std::string_view text);

}  // namespace linli::core
