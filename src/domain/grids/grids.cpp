#include "domain/grids/grids.hpp"

#include <set>

#include "core/division_code.hpp"
#include "engines/calendar/working_calendar.hpp"

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
  const auto date = calendar::Date::Parse(text);
  return date.ok() && date->year() <= 2999;
}

std::string DateInChina(int64_t epoch_millis) {
  return calendar::ChinaDateOf(epoch_millis).ToString();
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
