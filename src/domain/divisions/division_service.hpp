// DivisionService: browsing, searching and classifying divisions for the API.
//
// Get answers from an in-memory DivisionTree snapshot (no SQL on the hot path): the tree is
// loaded on first use and rebuilt when MarkDivisionsChanged (import, SetKind) or
// MarkGridsChanged (grid created/closed/changed) bumps a generation counter; the first read
// after a bump rebuilds (grid changes reuse the division part and re-read only active grids).
// Visibility: a node is readable when the caller's divisions.read scope Intersects its code
// (its ancestors stay visible for navigation); children and counts are restricted to the
// scope; anything else is not_found. Search and ListUnresolved go to the repository, which
// filters by scope in SQL (a search hit must lie inside the scope).
// Thread-safety: all methods may be called concurrently; the snapshot is a
// shared_ptr<const DivisionTree> swapped atomically; rebuilds are serialised by a mutex.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/page.hpp"
#include "core/result.hpp"
#include "core/scope.hpp"
#include "domain/access/caller.hpp"
#include "domain/divisions/division_tree.hpp"
#include "domain/divisions/divisions.hpp"

namespace linli::divisions {

struct PathEntry {
  std::string code;
  std::string name;
  core::DivisionLevel level;
};

struct ChildView {
  Division division;
  DivisionCounts counts;  // restricted to the caller's scope
};

struct DivisionView {
  Division division;
  std::vector<PathEntry> path;      // ancestors, root first
  DivisionCounts counts;            // restricted to the caller's scope
  std::vector<ChildView> children;  // visible children, code order
  std::vector<ActiveGrid> grids;    // communities only: visible active grids
};

struct SearchHit {
  Division division;
  std::string path_name;  // "扬州市 广陵区 东关街道"
};

// A visible child's stored outline (decision 0051).
struct ChildOutline {
  std::string code;
  std::string name;
  core::DivisionLevel level;
  StoredOutline outline;
};

struct OutlinesView {
  Division division;
  std::vector<ChildOutline> outlines;  // visible children with an outline, code order
  std::vector<PathEntry> without;      // visible children without one (drawn as tiles)
};

// "province".."community" -> level; nullopt/empty -> nullopt; anything else 422 (field level).
core::Result<std::optional<core::DivisionLevel>> ParseLevelFilter(
    const std::optional<std::string>& level);

class DivisionService {
 public:
  // repository and clock must outlive the service.
  DivisionService(DivisionRepository& repository, const core::Clock& clock);

  // Scoped calls see what the caller's scope for the named permission shows.
  // divisions.read scope. 400 (field code) for a malformed code, 404 when unknown or invisible.
  // A grid code (15 digits; a grid worker's scope) answers the active grid as a place: level
  // grid, its name and kind, the path down to its community, the grid itself in `grids`.
  core::Result<DivisionView> Get(std::string_view code, const access::Caller& caller);
  // The scope a division read is seen with (the key of views cached per scope).
  static core::Scope ReadScope(const access::Caller& caller);
  // divisions.read scope.
  core::Result<core::Page<SearchHit>> Search(const DivisionSearch& search,
                                             const access::Caller& caller,
                                             const core::PageRequest& page);
  // divisions.manage scope: the node must lie inside it (Covers), else 404. 422 (field kind)
  // when the kind does not fit the level. Returns the node as seen with that scope.
  core::Result<DivisionView> SetKind(std::string_view code, std::string_view kind,
                                     const access::Caller& caller);
  // divisions.manage scope: unresolved communities under code (visible node, else 404).
  core::Result<core::Page<Division>> ListUnresolved(std::string_view code,
                                                    const access::Caller& caller,
                                                    const core::PageRequest& page);

  // The stored outlines of the place's visible children (same visibility and errors as Get),
  // for the dashboard maps; the children the outline source lacks are named in `without`.
  core::Result<OutlinesView> ChildOutlines(std::string_view code, const access::Caller& caller);
  // Public (the service guide's place picker): the division unscoped — administrative divisions
  // are public names. The caller shows only codes, names, levels and kinds, never counts or
  // grids. Same errors as Get.
  core::Result<DivisionView> PublicPlace(std::string_view code);

  // Unscoped lookups for other domain services (grids) and name display.
  core::Result<std::optional<Division>> Find(std::string_view code);
  std::string NameOf(std::string_view code);  // "" when unknown
  // The name a city goes by: its own, or its province's where the data names the city level
  // 市辖区 / 县 (the municipalities: 北京's 1101 is 市辖区, shown as 北京市). "" when unknown.
  std::string CityNameOf(std::string_view city_code);

  // Invalidation: the next read rebuilds the snapshot (cheap O(1) calls).
  void MarkDivisionsChanged() { ++division_generation_; }
  void MarkGridsChanged() { ++grid_generation_; }
  // Rebuilds now (start-up warm-up, after an import); Unavailable/Internal on database errors.
  core::Status Reload();

  // The current snapshot (rebuilt first if stale).
  core::Result<std::shared_ptr<const DivisionTree>> Snapshot();

 private:
  core::Result<std::shared_ptr<const DivisionTree>> Rebuild();
  core::Result<DivisionView> ViewIn(std::string_view code, const core::Scope& scope);
  core::Result<DivisionView> GridView(std::string_view code, const core::Scope& scope);

  DivisionRepository& repository_;
  const core::Clock& clock_;
  std::atomic<uint64_t> division_generation_{1};
  std::atomic<uint64_t> grid_generation_{1};
  std::atomic<std::shared_ptr<const DivisionTree>> tree_;
  std::mutex rebuild_mutex_;
};

}  // namespace linli::divisions
