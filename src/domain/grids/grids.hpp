// Grids (网格) and micro-grids (微网格): management cells under a community, the model, the
// code rules and the repository interface.
//
// A grid's code is its community's 12-digit code + 3 digits; a micro-grid's is its grid's
// code + 2 digits. A grid is active until closed; closing sets valid_until (kept for history:
// the grids valid on date D are those with valid_from <= D and (valid_until null or
// valid_until > D)). Dates are "YYYY-MM-DD" text, which sorts like the dates it names.
// Thread-safety: plain values and pure functions; repository implementations are thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/page.hpp"
#include "core/result.hpp"
#include "core/scope.hpp"

namespace linli::grids {

enum class GridLevel { kGrid, kMicroGrid };
enum class GridKind { kOrdinary, kDedicated };
enum class GridStatus { kActive, kClosed };

std::string_view GridLevelName(GridLevel level);     // "grid", "micro_grid"
std::string_view GridKindName(GridKind kind);        // "ordinary", "dedicated"
std::string_view GridStatusName(GridStatus status);  // "active", "closed"
std::optional<GridLevel> GridLevelFromName(std::string_view name);
std::optional<GridKind> GridKindFromName(std::string_view name);
std::optional<GridStatus> GridStatusFromName(std::string_view name);

struct Grid {
  std::string code;
  std::string community_code;
  std::string parent_code;  // micro-grids: their grid's code; "" for grids
  GridLevel level = GridLevel::kGrid;
  std::string name;
  GridKind kind = GridKind::kOrdinary;
  int64_t planned_households = 0;
  std::string valid_from;                  // YYYY-MM-DD
  std::optional<std::string> valid_until;  // YYYY-MM-DD, set when closed
  GridStatus status = GridStatus::kActive;
  int64_t created_at = 0;
  int64_t updated_at = 0;

  bool operator==(const Grid&) const = default;
};

// True for a real calendar date written YYYY-MM-DD (years 1900..2999).
bool IsValidDate(std::string_view text);
// The calendar date (YYYY-MM-DD) at epoch milliseconds in China Standard Time (UTC+8).
std::string DateInChina(int64_t epoch_millis);
// True when a grid with these dates is valid on `date`.
bool ValidOn(const Grid& grid, std::string_view date);

// Code rules. A grid code is community code + 3 digits (001..999); a micro-grid's, grid code +
// 2 digits (01..99). Return a 422 error on field "code" when the code does not fit.
core::Status CheckGridCode(std::string_view code, std::string_view community_code);
core::Status CheckMicroGridCode(std::string_view code, std::string_view grid_code);
// The smallest free number under parent_code given the codes already taken there (any
// status); kFailedPrecondition when every number is used.
core::Result<std::string> NextFreeCode(std::string_view parent_code, int digits,
                                       const std::vector<std::string>& taken);

struct GridQuery {
  std::string community_code;           // "" = any
  std::string parent_code;              // "" = any; set: the micro-grids of that grid
  std::optional<GridStatus> status;     // nullopt = all statuses
  std::optional<std::string> valid_on;  // YYYY-MM-DD: only grids valid on that date
  std::string text;                     // name substring
};

class GridRepository {
 public:
  virtual ~GridRepository() = default;

  virtual core::Result<std::optional<Grid>> Find(std::string_view code) = 0;
  // Codes of the grids directly under parent (a community: grids; a grid: micro-grids).
  virtual core::Result<std::vector<std::string>> ChildCodes(std::string_view parent_code) = 0;
  // kAlreadyExists (field code) when the code is taken.
  virtual core::Status Insert(const Grid& grid) = 0;
  // Writes name, kind, planned_households and updated_at of an existing grid.
  virtual core::Status Update(const Grid& grid) = 0;
  // In one transaction: closes the grid (status closed, valid_until) and every active
  // micro-grid under it (valid_until = the later of the date and its own valid_from).
  virtual core::Status Close(std::string_view code, std::string_view valid_until, int64_t now) = 0;
  // Grids inside the scope (scope Covers the code) matching the query, ordered by code.
  virtual core::Result<core::Page<Grid>> List(const GridQuery& query, const core::Scope& scope,
                                              const core::PageRequest& page) = 0;
};

}  // namespace linli::grids
