// GridService: the use cases of grids and micro-grids — create (with the next free code or an
// explicit one), update, close (with its micro-grids), get and list (with history on a date).
//
// Scopes: writes take the caller's grids.manage scope and reads the grids.read scope. A
// write target (community, parent grid, grid) must lie inside the scope (Covers); a read
// target must intersect it (a micro-grid liaison can open its grid). Anything outside answers
// not_found. Every change tells the DivisionService so its counts follow (MarkGridsChanged).
// "Today" (default valid_from) is the clock's date in China Standard Time.
// Thread-safety: methods may be called concurrently; concurrent creations with automatic codes
// retry on a taken code.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/page.hpp"
#include "core/result.hpp"
#include "core/scope.hpp"
#include "domain/access/caller.hpp"
#include "domain/divisions/division_service.hpp"
#include "domain/grids/grids.hpp"

namespace linli::grids {

struct NewGrid {
  std::optional<std::string> community_code;  // for a grid
  std::optional<std::string> parent_code;     // for a micro-grid
  std::optional<std::string> code;            // nullopt: next free number
  std::string name;
  std::string kind = "ordinary";
  int64_t planned_households = 0;
  std::optional<std::string> valid_from;  // nullopt: today
};

struct GridUpdate {
  std::optional<std::string> name;
  std::optional<std::string> kind;
  std::optional<int64_t> planned_households;
};

struct GridListRequest {
  std::optional<std::string> community_code;
  std::optional<std::string> parent_code;
  std::optional<std::string> status;  // active (default) | closed | all; default all with `on`
  std::optional<std::string> on;      // YYYY-MM-DD
  std::optional<std::string> text;
};

struct GridDetail {
  Grid grid;
  std::vector<Grid> micro_grids;  // every status, code order
};

class GridService {
 public:
  // Dependencies must outlive the service.
  GridService(GridRepository& repository, divisions::DivisionService& divisions,
              const core::Clock& clock);

  core::Result<Grid> Create(const NewGrid& request, const access::Caller& caller);
  core::Result<Grid> Update(std::string_view code, const GridUpdate& update,
                            const access::Caller& caller);
  core::Result<Grid> Close(std::string_view code, std::string_view valid_until,
                           const access::Caller& caller);
  core::Result<GridDetail> Get(std::string_view code, const access::Caller& caller);
  core::Result<core::Page<Grid>> List(const GridListRequest& request, const access::Caller& caller,
                                      const core::PageRequest& page);

 private:
  core::Result<Grid> FindInScope(std::string_view code, const core::Scope& scope, bool write);

  GridRepository& repository_;
  divisions::DivisionService& divisions_;
  const core::Clock& clock_;
};

}  // namespace linli::grids
