#include "core/division_code.hpp"

#include <algorithm>

namespace linli::core {

std::string_view DivisionLevelName(DivisionLevel level) {
  switch (level) {
    case DivisionLevel::kProvince:
      return "province";
    case DivisionLevel::kCity:
      return "city";
    case DivisionLevel::kCounty:
      return "county";
    case DivisionLevel::kTown:
      return "town";
    case DivisionLevel::kCommunity:
      return "community";
    case DivisionLevel::kGrid:
      return "grid";
    case DivisionLevel::kMicroGrid:
      return "micro_grid";
  }
  return "unknown";
}

bool IsDigits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::optional<DivisionLevel> LevelOfCode(std::string_view code) {
  if (!IsDigits(code)) return std::nullopt;
  switch (code.size()) {
    case 2:
      return DivisionLevel::kProvince;
    case 4:
      return DivisionLevel::kCity;
    case 6:
      return DivisionLevel::kCounty;
    case 9:
      return DivisionLevel::kTown;
    case 12:
      return DivisionLevel::kCommunity;
    case 15:
      return DivisionLevel::kGrid;
    case 17:
      return DivisionLevel::kMicroGrid;
    default:
      return std::nullopt;
  }
}

size_t CodeLength(DivisionLevel level) {
  switch (level) {
    case DivisionLevel::kProvince:
      return 2;
    case DivisionLevel::kCity:
      return 4;
    case DivisionLevel::kCounty:
      return 6;
    case DivisionLevel::kTown:
      return 9;
    case DivisionLevel::kCommunity:
      return 12;
    case DivisionLevel::kGrid:
      return 15;
    case DivisionLevel::kMicroGrid:
      return 17;
  }
  return 12;
}

std::string ParentCode(std::string_view code) {
  switch (code.size()) {
    case 4:
      return std::string(code.substr(0, 2));
    case 6:
      return std::string(code.substr(0, 4));
    case 9:
      return std::string(code.substr(0, 6));
    case 12:
      return std::string(code.substr(0, 9));
    case 15:
      return std::string(code.substr(0, 12));
    case 17:
      return std::string(code.substr(0, 15));
    default:
      return "";
  }
}

}  // namespace linli::core
