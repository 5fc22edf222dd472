// Administrative divisions of one or more cities: the model, the kind vocabulary and the
// repository interface the storage layer implements.
//
// A Division is a node of the national statistical code tree, trimmed to its level
// (province 2 digits, city 4, county 6, town 9, community 12). Each county-level unit, town
// and community carries a kind (see kinds below); kind_source says whether the import rules
// decided it, an administrator set it by hand (kept across re-imports), or the rules could not
// decide (listed for a human). A division that disappeared from the source on re-import is
// retired (retired_at set), never deleted: grids and people may still point at it.
// Thread-safety: plain values; repository implementations are thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/division_code.hpp"
#include "core/page.hpp"
#include "core/result.hpp"
#include "core/scope.hpp"

namespace linli::divisions {

enum class KindSource { kRule, kAdmin, kUnresolved };

std::string_view KindSourceName(KindSource source);  // "rule", "admin", "unresolved"
std::optional<KindSource> KindSourceFromName(std::string_view name);

// Kinds by level (wire names):
//   county:    district, county, county_city, functional_zone
//   town:      street, town, township, other
//   community: urban, village, virtual, unresolved
// Provinces and cities have no kind ("").
inline constexpr std::string_view kKindUnresolved = "unresolved";

// True when an administrator may set `kind` on a node of `level` ("unresolved" is not a choice).
bool IsSettableKind(core::DivisionLevel level, std::string_view kind);

struct Division {
  std::string code;
  std::string name;
  core::DivisionLevel level = core::DivisionLevel::kProvince;
  std::string parent_code;  // "" for a province
  std::string kind;         // "" for provinces and cities
  KindSource kind_source = KindSource::kRule;
  std::string functional_zone;        // zone name from data/functional_zones.json, or ""
  std::optional<int64_t> retired_at;  // set when the source no longer lists the division
  int64_t updated_at = 0;

  bool operator==(const Division&) const = default;
};

// An active grid as the division tree shows it (counts, a community's grid list).
struct ActiveGrid {
  std::string code;
  std::string community_code;
  std::string name;
  std::string kind;  // ordinary | dedicated
  int64_t planned_households = 0;
};

struct NamedDivision {
  std::string code;
  std::string name;
};

// What an import changes, computed by PlanImport from the stored and the source divisions.
struct ImportPlan {
  std::vector<Division> inserts;     // new codes
  std::vector<Division> updates;     // changed name/kind/zone, or a retired code that came back
  std::vector<std::string> retires;  // codes under the city that the source no longer lists
  int64_t added = 0;
  int64_t renamed = 0;
  int64_t reclassified = 0;  // rule kind or functional zone changed without a rename
  int64_t restored = 0;      // retired earlier, listed again (also counted in added)
  int64_t removed = 0;
  int64_t unchanged = 0;
};

using ImportPlanner = std::function<ImportPlan(const std::vector<Division>& stored)>;

struct DivisionSearch {
  std::string text;                          // Chinese substring of the name ("" = any)
  std::optional<core::DivisionLevel> level;  // restrict to one level
};

// A county's outline as stored for the maps (decision 0051).
struct StoredOutline {
  std::string code;
  std::string geometry;  // GeoJSON MultiPolygon text, degrees (lon, lat)
  double label_lon = 0.0;
  double label_lat = 0.0;
  std::string source;  // the file it came from
};

class DivisionRepository {
 public:
  virtual ~DivisionRepository() = default;

  // Every division that is not retired, in code order.
  virtual core::Result<std::vector<Division>> LoadCurrent() = 0;
  // Active grids of level "grid" (not micro-grids), for the tree's counts and grid lists.
  virtual core::Result<std::vector<ActiveGrid>> LoadActiveGrids() = 0;
  virtual core::Result<std::optional<Division>> Find(std::string_view code) = 0;
  // The codes of the cities whose divisions are stored (not retired), in code order.
  virtual core::Result<std::vector<std::string>> CityCodes() = 0;
  // In ONE transaction: reads every stored division whose code starts with city_code plus
  // the province row (retired ones included), calls planner, applies its plan (updated_at =
  // now for written rows). Returns the plan that was applied.
  virtual core::Result<ImportPlan> ApplyImport(std::string_view city_code,
                                               std::string_view province_code, int64_t now,
                                               const ImportPlanner& planner) = 0;
  // Sets kind with kind_source = admin; kNotFound when the code is unknown or retired.
  virtual core::Status SetKind(std::string_view code, std::string_view kind, std::string_view actor,
                               int64_t now) = 0;
  // Name search inside the scope (scope Covers the code), ordered by code.
  virtual core::Result<core::Page<Division>> Search(const DivisionSearch& search,
                                                    const core::Scope& scope,
                                                    const core::PageRequest& page) = 0;
  // Current divisions with kind_source = unresolved whose code starts with under_code,
  // inside the scope, ordered by code.
  virtual core::Result<core::Page<Division>> ListUnresolved(std::string_view under_code,
                                                            const core::Scope& scope,
                                                            const core::PageRequest& page) = 0;
  // In ONE transaction: replaces the stored outlines of the city's divisions (codes starting
  // with city_code) by `outlines` (every code must be a stored division).
  virtual core::Status ReplaceOutlines(std::string_view city_code,
                                       const std::vector<StoredOutline>& outlines, int64_t now) = 0;
  // The stored outlines of divisions whose code starts with prefix, in code order.
  virtual core::Result<std::vector<StoredOutline>> LoadOutlines(std::string_view prefix) = 0;
};

}  // namespace linli::divisions
