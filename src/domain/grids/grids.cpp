#include "domain/grids/grids.hpp"

#include <cstdio>
#include <set>

#include "core/division_code.hpp"

namespace linli::grids {

std::string_view GridLevelName(GridLevel level) {
  return level == GridLevel::kGrid ? "grid" : "micro_grid";
}
std::string_view GridKindName(GridKind kind) {
  return kind == GridKind::kOrdinary ? "ordinary" : "dedicated";
}
std::string_view GridStatusName(GridStatus status) {
  return status == GridStatus::kActive ? "active" : "closed";
}
std::optional<GridLevel> GridLevelFromName(std::string_view name) {
  if (name == "grid") return GridLevel::kGrid;
  if (name == "micro_grid") return GridLevel::kMicroGrid;
  return std::nullopt;
}
std::optional<GridKind> GridKindFromName(std::string_view name) {
  if (name == "ordinary") return GridKind::kOrdinary;
  if (name == "dedicated") return GridKind::kDedicated;
  return std::nullopt;
}
std::optional<GridStatus> GridStatusFromName(std::string_view name) {
  if (name == "active") return GridStatus::kActive;
  if (name == "closed") return GridStatus::kClosed;
  return std::nullopt;
}

bool IsValidDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  if (!core::IsDigits(text.substr(0, 4)) || !core::IsDigits(text.substr(5, 2)) ||
      !core::IsDigits(text.substr(8, 2))) {
    return false;
  }
  const int year = std::stoi(std::string(text.substr(0, 4)));
  const int month = std::stoi(std::string(text.substr(5, 2)));
  const int day = std::stoi(std::string(text.substr(8, 2)));
  if (year < 1900 || year > 2999 || month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int days = month == 2 && leap ? 29 : kDays[month - 1];
  return day <= days;
}

std::string DateInChina(int64_t epoch_millis) {
  // Civil-from-days (Howard Hinnant), on the UTC+8 day.
  int64_t millis = epoch_millis + 8LL * 3600 * 1000;
  int64_t z = (millis >= 0 ? millis : millis - 86'399'999) / 86'400'000 + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t year = yoe + era * 400;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t day = doy - (153 * mp + 2) / 5 + 1;
  const int64_t month = mp < 10 ? mp + 3 : mp - 9;
  if (month <= 2) ++year;
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04lld-%02lld-%02lld", static_cast<long long>(year),
                static_cast<long long>(month), static_cast<long long>(day));
  return buffer;
}

bool ValidOn(const Grid& grid, std::string_view date) {
  return grid.valid_from <= date && (!grid.valid_until || *grid.valid_until > date);
}

namespace {

core::Status CheckChildCode(std::string_view code, std::string_view parent, size_t digits,
                            const char* message) {
  if (code.size() != parent.size() + digits || !code.starts_with(parent) || !core::IsDigits(code)) {
    return core::Error::Validation(message, "code");
  }
  if (code.substr(parent.size()).find_first_not_of('0') == std::string_view::npos) {
    return core::Error::Validation("网格编号不能全为 0", "code");
  }
  return core::Ok();
}

}  // namespace

core::Status CheckGridCode(std::string_view code, std::string_view community_code) {
  return CheckChildCode(code, community_code, 3, "网格编码必须是所属社区编码加3位数字");
}

core::Status CheckMicroGridCode(std::string_view code, std::string_view grid_code) {
  return CheckChildCode(code, grid_code, 2, "微网格编码必须是所属网格编码加2位数字");
}

core::Result<std::string> NextFreeCode(std::string_view parent_code, int digits,
                                       const std::vector<std::string>& taken) {
  std::set<std::string> used(taken.begin(), taken.end());
  const int limit = digits == 3 ? 999 : 99;
  for (int number = 1; number <= limit; ++number) {
    std::string suffix = std::to_string(number);
    suffix.insert(0, static_cast<size_t>(digits) - suffix.size(), '0');
    std::string code = std::string(parent_code) + suffix;
    if (!used.contains(code)) return code;
  }
  return core::Error::FailedPrecondition(digits == 3 ? "该社区的网格编号已用完"
                                                     : "该网格的微网格编号已用完");
}

}  // namespace linli::grids
