// The plan as data: a city's action plan — its tasks with their responsible departments and its
// indicators with targets, deadlines, the units they count and the levels they apply at — read
// from a JSON file (data/plan/<id>.json; Yangzhou 2023–2025 is shipped). Another city or the next
// plan is another file, loaded without code changes. ParsePlan checks every field and names the
// JSON path of the first problem (kValidationFailed, Chinese message).
//
// How an indicator is measured (`kind`):
//   share     numerator units over denominator units × factor (A4a: towns with a base over
//             towns, × 100 → %); sums of both roll up from the units to every level above.
//   ratio     the same arithmetic over quantities (B1a: m² over households × 100 → m² per
//             100 households); rolls up the same way.
//   per_unit  a standard each unit must meet (B1c each new complex, C5a each childcare point):
//             shown as the share of units meeting it (target 100 %), with the units that do not.
//   count     a number of things (designations, events): the target holds at `target_level`
//             (the city for city-wide counts, the county for C4); other levels show their
//             contribution, without a status.
// `unit_level` is the level of the places whose records make the figure (community, town or
// county); an indicator applies at that level and every level above it. `community_kinds` and
// `county_kinds` restrict the places counted (A4c: urban communities; C2a: the districts'
// urban communities). Variants split an indicator by the same filters, each with its own target
// (C9: urban 100 %, rural 90 %; C4b: counties 10, functional zones 5).
// Thread-safety: plain values; ParsePlan is a pure function.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/division_code.hpp"
#include "core/enum_names.hpp"
#include "core/result.hpp"

namespace linli::indicators {

enum class Kind { kShare, kRatio, kPerUnit, kCount };
inline constexpr core::EnumNames<Kind, 4> kKindNames{{
    {Kind::kShare, "share", "占比"},
    {Kind::kRatio, "ratio", "比值"},
    {Kind::kPerUnit, "per_unit", "逐个达标"},
    {Kind::kCount, "count", "数量"},
}};

enum class Comparator { kAtLeast, kAtMost, kEqual };
inline constexpr core::EnumNames<Comparator, 3> kComparatorNames{{
    {Comparator::kAtLeast, ">=", "不低于"},
    {Comparator::kAtMost, "<=", "不高于"},
    {Comparator::kEqual, "=", "等于"},
}};

// How often the target is measured: once by its deadline, every year (a count within the
// calendar year), every month (a figure of the month), or kept at all times.
enum class PeriodKind { kOnce, kYearly, kMonthly, kOngoing };
inline constexpr core::EnumNames<PeriodKind, 4> kPeriodKindNames{{
    {PeriodKind::kOnce, "once", "期限内达到"},
    {PeriodKind::kYearly, "yearly", "每年"},
    {PeriodKind::kMonthly, "monthly", "每月"},
    {PeriodKind::kOngoing, "ongoing", "持续保持"},
}};

// The places an indicator or a variant counts: community kinds (urban, village, …) and the
// kinds of their county (district, county, county_city, functional_zone); empty = all.
struct PlaceFilter {
  std::vector<std::string> community_kinds;
  std::vector<std::string> county_kinds;
  bool Admits(std::string_view community_kind, std::string_view county_kind) const;
  bool empty() const { return community_kinds.empty() && county_kinds.empty(); }
};

struct Variant {
  std::string id;    // "urban", "rural", "county", "zone"
  std::string name;  // 城市社区
  PlaceFilter filter;
  double target = 0.0;
};

struct Task {
  std::string id;  // A1 … C16
  std::string title;
  std::vector<std::string> responsible;
};

struct Indicator {
  std::string id;    // A4a … C15
  std::string task;  // A4
  std::string name;
  Kind kind = Kind::kShare;
  std::string unit;     // "%", "㎡/百户", "个"
  double factor = 1.0;  // value = numerator / denominator × factor (share, ratio, per_unit)
  std::string numerator;
  std::string denominator;  // "" for counts
  std::string standard;     // per_unit: what each unit must meet
  core::DivisionLevel unit_level = core::DivisionLevel::kCommunity;
  // Counts: the level the target holds at (city or county); others: the unit level.
  core::DivisionLevel target_level = core::DivisionLevel::kCommunity;
  std::optional<double> target;  // nullopt when every variant has its own
  Comparator comparator = Comparator::kAtLeast;
  std::string deadline;  // "2025-12-31", "" for monthly / ongoing / yearly
  PeriodKind period = PeriodKind::kOnce;
  PlaceFilter filter;
  std::vector<Variant> variants;
  std::vector<std::string> responsible;
};

// A kind of designation or pilot the plan counts (颐养社区, 儿童友好示范社区, 远程公证试点乡镇 …):
// the level of the places designated and the indicators computed from the designations — a
// share counts the places holding one, a count the designations themselves (only those made
// since the plan's start when `since_plan_start`: the plan's "new" demonstration communities).
struct DesignationKind {
  std::string kind;  // [a-z_]
  std::string name;
  core::DivisionLevel level = core::DivisionLevel::kCommunity;
  std::vector<std::string> indicators;
  bool since_plan_start = false;
};

struct Plan {
  std::string id;
  std::string name;
  std::string city_code;  // 4 digits
  std::string start;      // "2023-01-01"
  std::string end;        // "2025-12-31"
  std::vector<std::string> lead;
  std::vector<std::string> departments;
  std::vector<Task> tasks;
  std::vector<Indicator> indicators;
  std::vector<DesignationKind> designations;

  const Indicator* Find(std::string_view id) const;
  const DesignationKind* FindDesignation(std::string_view kind) const;
  const Task* FindTask(std::string_view id) const;
};

// The plan in `json_text`: every field checked (ids unique, tasks known, departments listed,
// levels, kinds, comparators, dates YYYY-MM-DD, targets present, variants complete).
core::Result<Plan> ParsePlan(std::string_view json_text);

// The target of `indicator` for `variant` ("" = the indicator's own).
std::optional<double> TargetOf(const Indicator& indicator, std::string_view variant);

}  // namespace linli::indicators
