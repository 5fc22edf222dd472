#include "domain/indicators/indicator_service.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include "core/parallel.hpp"
#include "core/tabular/column_map.hpp"
#include "core/tabular/error_copy.hpp"
#include "core/tabular/problem_collector.hpp"
#include "core/text.hpp"
#include "domain/divisions/division_tree.hpp"
#include "domain/indicators/synthetic_figures.hpp"

namespace linli::indicators {

namespace {

using access::Caller;
using access::Permission;
using core::DivisionLevel;

std::string LevelName(DivisionLevel level) { return std::string(core::DivisionLevelName(level)); }

std::string LevelLabel(DivisionLevel level) {
  switch (level) {
    case DivisionLevel::kCity:
      return "市";
    case DivisionLevel::kCounty:
      return "县（市、区）";
    case DivisionLevel::kTown:
      return "乡镇（街道）";
    default:
      return "村（社区）";
  }
}

// The variants of `indicator` with a row at `place`: a community or a county only the one its
// kinds select, a town or the city every one.
struct RowVariant {
  std::string id;
  std::string name;
  std::string excluded;  // why the place has no value for it ("" when it may have one)
};

std::vector<RowVariant> VariantsAt(const Indicator& indicator, const PlaceInfo& place) {
  const bool community = place.level == DivisionLevel::kCommunity;
  const bool county = place.level == DivisionLevel::kCounty;
  const std::string community_kind = community ? place.kind : std::string();
  const std::string county_kind = place.county_kind;
  std::vector<RowVariant> rows;
  if (indicator.variants.empty()) {
    RowVariant row;
    const bool community_filter = !indicator.filter.community_kinds.empty();
    const bool county_filter = !indicator.filter.county_kinds.empty();
    if ((community_filter && community && !indicator.filter.Admits(community_kind, county_kind)) ||
        (county_filter && place.level != DivisionLevel::kCity && !county_kind.empty() &&
         std::find(indicator.filter.county_kinds.begin(), indicator.filter.county_kinds.end(),
                   county_kind) == indicator.filter.county_kinds.end())) {
      row.excluded = "本指标不统计此类地区";
    }
    rows.push_back(row);
    return rows;
  }
  for (const auto& variant : indicator.variants) {
    const bool by_community = !variant.filter.community_kinds.empty();
    const bool by_county = !variant.filter.county_kinds.empty();
    if (community && by_community && !variant.filter.Admits(community_kind, county_kind)) continue;
    if ((community || county || place.level == DivisionLevel::kTown) && by_county &&
        std::find(variant.filter.county_kinds.begin(), variant.filter.county_kinds.end(),
                  county_kind) == variant.filter.county_kinds.end()) {
      continue;
    }
    rows.push_back(RowVariant{variant.id, variant.name, ""});
  }
  if (rows.empty()) {
    // A community of a kind no variant counts (a virtual community): one row saying so.
    rows.push_back(RowVariant{"", "", "本指标不统计此类地区"});
  }
  return rows;
}

}  // namespace

// A place's reported values: its own figure, or the sum of the values of the places below it
// that have one (each level summed from the next, so nothing is counted twice).
struct ReportedValue {
  double numerator = 0.0;
  double denominator = 0.0;
  int64_t units = 0;
  bool all_approved = true;
};

class ReportedValues {
 public:
  explicit ReportedValues(std::vector<Report> reports) : reports_(std::move(reports)) {
    for (const auto& report : reports_) {
      if (report.state == ReportState::kReturned) continue;
      own_[Key{report.indicator_id, report.variant}][report.place_code] = &report;
    }
  }

  std::optional<ReportedValue> At(std::string_view indicator, std::string_view variant,
                                  const std::string& place) const {
    const auto found = own_.find(Key{std::string(indicator), std::string(variant)});
    if (found == own_.end()) return std::nullopt;
    return ValueAt(found->second, place);
  }

 private:
  using Key = std::pair<std::string, std::string>;
  using ByPlace = std::map<std::string, const Report*>;

  static std::optional<ReportedValue> ValueAt(const ByPlace& reports, const std::string& place) {
    if (const auto own = reports.find(place); own != reports.end()) {
      return ReportedValue{own->second->numerator, own->second->denominator, 1,
                           own->second->state == ReportState::kApproved};
    }
    // The children that have a figure at or below them: the distinct next-level prefixes.
    const size_t child_length = place.size() == 4 ? 6 : place.size() == 6 ? 9 : 12;
    if (place.size() >= 12) return std::nullopt;
    std::optional<ReportedValue> sum;
    for (auto it = reports.lower_bound(place);
         it != reports.end() && it->first.starts_with(place);) {
      const std::string child = it->first.substr(0, child_length);
      if (child.size() == child_length) {
        if (auto value = ValueAt(reports, child)) {
          if (!sum) sum = ReportedValue{};
          sum->numerator += value->numerator;
          sum->denominator += value->denominator;
          sum->units += value->units;
          sum->all_approved = sum->all_approved && value->all_approved;
        }
      }
      // Skip the rest of this child's subtree.
      it = reports.lower_bound(child + "\xff");
    }
    return sum;
  }

  std::vector<Report> reports_;
  std::map<Key, ByPlace> own_;
};

namespace {

// One row of a place: its value (computed from the snapshot's figure, or reported, or none with
// the reason), target and status (baseline: the place's figure in the plan's first month).
IndicatorRow BuildRow(const Plan& plan, const SourceRegistry& sources, const Indicator& indicator,
                      const RowVariant& variant, const PlaceInfo& place, const std::string& period,
                      const Figure* figure, bool snapshot_exists, const ReportedValues& reported,
                      const Figure* baseline) {
  const bool is_computed = sources.SourceOf(indicator.id) != nullptr;
  IndicatorRow row;
  row.indicator = &indicator;
  row.variant = variant.id;
  row.variant_name = variant.name;
  row.source = is_computed ? Source::kComputed : Source::kReported;
  const bool contribution = indicator.kind == Kind::kCount && place.level != indicator.target_level;
  const std::optional<double> target = indicator.kind == Kind::kPerUnit
                                           ? std::optional<double>(100.0)
                                           : TargetOf(indicator, variant.id);
  if (!contribution) row.target = target;
  if (place.level > indicator.unit_level) {
    row.reason =
        "本指标按" + LevelLabel(indicator.unit_level) + "统计，不细分到" + LevelLabel(place.level);
  } else if (!variant.excluded.empty()) {
    row.reason = variant.excluded;
  } else if (is_computed) {
    if (figure != nullptr) {
      row.numerator = figure->numerator;
      row.denominator = figure->denominator;
      row.units = figure->units;
      row.value = ValueOf(indicator, row.numerator, row.denominator);
      if (!row.value) row.reason = "分母为零：" + indicator.denominator + "为 0";
    } else {
      row.reason =
          snapshot_exists ? "该地区本期没有相关记录" : "本期尚未计算（linli indicators compute）";
    }
  } else if (auto value = reported.At(indicator.id, variant.id, place.code)) {
    row.numerator = value->numerator;
    row.denominator = value->denominator;
    row.units = value->units;
    row.value = ValueOf(indicator, row.numerator, row.denominator);
    row.approval = value->all_approved ? "approved" : "submitted";
    if (!row.value) row.reason = "分母为零";
  } else {
    row.reason = "尚未填报：本指标暂无系统数据来源，由" + LevelLabel(indicator.unit_level) +
                 "填报并逐级审核";
  }
  if (!row.value) row.source = Source::kNone;
  if (contribution) {
    row.status.reset();
    if (row.value) {
      row.reason = "目标按" + LevelLabel(indicator.target_level) + "考核，此处为本地区贡献";
    }
  } else if (!row.value || !target) {
    row.status = Status::kNoData;
  } else {
    StatusInput input;
    input.value = row.value;
    input.target = *target;
    input.comparator = indicator.comparator;
    input.period_kind = indicator.period;
    input.deadline = indicator.deadline;
    input.plan_start = plan.start;
    input.period = period;
    if (indicator.kind != Kind::kCount && baseline != nullptr) {
      input.baseline = ValueOf(indicator, baseline->numerator, baseline->denominator).value_or(0.0);
    }
    row.status = Judge(input);
  }
  if (indicator.kind == Kind::kPerUnit && row.value) {
    row.shortfalls = static_cast<int64_t>(std::llround(row.denominator - row.numerator));
  }
  return row;
}

bool IsDepartmentOnly(const Caller& caller, Permission permission, std::string* department) {
  bool department_grant = false;
  for (const auto& grant : caller.grants()) {
    const auto& permissions = access::RolePermissions(grant.role);
    if (std::find(permissions.begin(), permissions.end(), permission) == permissions.end()) {
      continue;
    }
    if (grant.role != access::Role::kDepartmentOfficer) return false;
    department_grant = true;
    *department = grant.department;
  }
  return department_grant;
}

// A department officer enters only the indicators its department is responsible for.
core::Status CheckDepartment(const Indicator& indicator, const Caller& caller) {
  std::string department;
  if (IsDepartmentOnly(caller, Permission::kIndicatorsReport, &department) &&
      std::find(indicator.responsible.begin(), indicator.responsible.end(), department) ==
          indicator.responsible.end()) {
    return core::Error::PermissionDenied("本指标的责任部门不包括" + department, "indicator");
  }
  return core::Ok();
}

std::string FormatNumber(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", value);
  return text;
}

}  // namespace

IndicatorService::IndicatorService(Plan plan, const SourceRegistry& sources,
                                   IndicatorRepository& repository,
                                   divisions::DivisionService& divisions, const core::Clock& clock)
    : plan_(std::move(plan)),
      sources_(sources),
      repository_(repository),
      divisions_(divisions),
      clock_(clock) {}

std::string IndicatorService::CurrentPeriod() const { return PeriodOf(clock_.NowMillis()); }

core::Result<std::shared_ptr<const PlaceIndex>> IndicatorService::Places() {
  ASSIGN_OR_RETURN(auto tree, divisions_.Snapshot());
  std::lock_guard lock(places_mutex_);
  if (places_ && places_tree_ == tree) return places_;
  auto index = std::make_shared<PlaceIndex>();
  const auto* city = tree->Find(plan_.city_code);
  if (city != nullptr) {
    // Depth-first from the city: every active county, town and community.
    std::vector<std::pair<const divisions::DivisionTree::Node*, std::string>> stack = {{city, ""}};
    while (!stack.empty()) {
      auto [node, county_kind] = stack.back();
      stack.pop_back();
      const auto& division = node->division;
      if (division.retired_at) continue;
      if (division.level == DivisionLevel::kCounty) county_kind = division.kind;
      index->emplace(division.code, PlaceInfo{division.code, division.name, division.level,
                                              division.kind, county_kind});
      if (division.level == DivisionLevel::kCommunity) continue;
      for (const auto* child : node->children) stack.emplace_back(child, county_kind);
    }
  }
  places_ = std::move(index);
  places_tree_ = std::move(tree);
  return places_;
}

core::Result<PlaceInfo> IndicatorService::PlaceIn(std::string_view code, const core::Scope& scope) {
  if (!core::LevelOfCode(code)) {
    return core::Error::InvalidArgument("地区代码格式不正确", "place");
  }
  ASSIGN_OR_RETURN(auto places, Places());
  const auto found = places->find(code);
  if (found == places->end() || !scope.Covers(code)) {
    return core::Error::NotFound("地区不存在或不在您的管辖范围内");
  }
  return found->second;
}

core::Result<std::shared_ptr<const ReportedValues>> IndicatorService::ReportedFor(
    const std::string& period) {
  const int64_t now = clock_.NowMillis();
  const uint64_t generation = reports_generation_.load();
  {
    std::lock_guard lock(reported_mutex_);
    const auto found = reported_cache_.find(period);
    if (found != reported_cache_.end() && found->second.generation == generation &&
        now - found->second.loaded_at < kReportedCacheMs) {
      return found->second.values;
    }
  }
  // The city's live figures of the month, read once and shared until a figure is written (or
  // the entry ages: another process may write).
  ASSIGN_OR_RETURN(auto reports, repository_.LiveReports(plan_.city_code, period));
  auto values = std::make_shared<const ReportedValues>(std::move(reports));
  std::lock_guard lock(reported_mutex_);
  if (reported_cache_.size() >= kReportedCachePeriods && !reported_cache_.contains(period)) {
    auto oldest = reported_cache_.begin();
    for (auto it = reported_cache_.begin(); it != reported_cache_.end(); ++it) {
      if (it->second.loaded_at < oldest->second.loaded_at) oldest = it;
    }
    reported_cache_.erase(oldest);
  }
  reported_cache_[period] = ReportedCacheEntry{generation, now, values};
  return values;
}

void IndicatorService::ReportsChanged() { ++reports_generation_; }

core::Result<ComputeSummary> IndicatorService::Compute(std::string_view period) {
  if (!IsPeriod(period)) return core::Error::InvalidArgument("期间应为 YYYY-MM", "period");
  ASSIGN_OR_RETURN(auto places, Places());
  const PeriodSpan span = SpanOf(period);
  std::vector<Measurement> measurements;
  std::vector<std::string> ids;
  // The sources measure at once (each reads through its own connections), one range each.
  const auto& all = sources_.sources();
  std::vector<std::vector<Measurement>> measured(all.size());
  TRY(core::ForRanges(all.size(), 2, [&](size_t begin, size_t end) -> core::Status {
    for (size_t i = begin; i < end; ++i) {
      ASSIGN_OR_RETURN(measured[i], all[i].compute(period, span, *places));
    }
    return core::Ok();
  }));
  for (size_t i = 0; i < all.size(); ++i) {
    for (const auto& id : all[i].indicators) {
      if (plan_.Find(id) != nullptr) ids.push_back(id);
    }
    measurements.insert(measurements.end(), std::make_move_iterator(measured[i].begin()),
                        std::make_move_iterator(measured[i].end()));
  }
  RollUpResult rolled = RollUp(plan_, *places, period, measurements, clock_.NowMillis());
  TRY(repository_.ReplaceSnapshot(period, ids, rolled.figures, rolled.shortfalls));
  ComputeSummary summary;
  summary.period = std::string(period);
  summary.indicators = static_cast<int64_t>(ids.size());
  summary.measurements = static_cast<int64_t>(measurements.size());
  summary.figures = static_cast<int64_t>(rolled.figures.size());
  summary.shortfalls = static_cast<int64_t>(rolled.shortfalls.size());
  summary.skipped = rolled.skipped;
  return summary;
}

core::Result<PlaceIndicators> IndicatorService::ForPlace(std::string_view place_code,
                                                         std::string_view period_in,
                                                         const Caller& caller) {
  const std::string period = period_in.empty() ? CurrentPeriod() : std::string(period_in);
  if (!IsPeriod(period)) return core::Error::InvalidArgument("期间应为 YYYY-MM", "period");
  ASSIGN_OR_RETURN(PlaceInfo place,
                   PlaceIn(place_code, caller.ScopeFor(Permission::kIndicatorsRead)));
  ASSIGN_OR_RETURN(auto computed, repository_.Figures(place.code, period));
  std::vector<Figure> baselines;
  const std::string start_period = PeriodOfDate(plan_.start);
  if (start_period < period) {
    ASSIGN_OR_RETURN(baselines, repository_.Figures(place.code, start_period));
  }
  ASSIGN_OR_RETURN(auto reported_values, ReportedFor(period));
  const ReportedValues& reported = *reported_values;
  using Key = std::pair<std::string, std::string>;
  std::map<Key, const Figure*> by_key;
  for (const auto& figure : computed) by_key[Key{figure.indicator_id, figure.variant}] = &figure;
  std::map<Key, const Figure*> baseline_by_key;
  for (const auto& figure : baselines) {
    baseline_by_key[Key{figure.indicator_id, figure.variant}] = &figure;
  }

  PlaceIndicators out;
  out.place_code = place.code;
  out.place_name = place.name;
  out.level = LevelName(place.level);
  out.period = period;
  for (const auto& indicator : plan_.indicators) {
    for (const auto& variant : VariantsAt(indicator, place)) {
      const auto figure = by_key.find(Key{indicator.id, variant.id});
      const auto base = baseline_by_key.find(Key{indicator.id, variant.id});
      out.rows.push_back(BuildRow(plan_, sources_, indicator, variant, place, period,
                                  figure == by_key.end() ? nullptr : figure->second,
                                  !computed.empty(), reported,
                                  base == baseline_by_key.end() ? nullptr : base->second));
    }
  }
  return out;
}

core::Result<Breakdown> IndicatorService::BreakdownOf(std::string_view indicator_id,
                                                      std::string_view variant,
                                                      std::string_view place_code,
                                                      std::string_view period_in,
                                                      const Caller& caller) {
  const Indicator* indicator = plan_.Find(indicator_id);
  if (indicator == nullptr) return core::Error::NotFound("规划中没有这个指标");
  const std::string period = period_in.empty() ? CurrentPeriod() : std::string(period_in);
  if (!IsPeriod(period)) return core::Error::InvalidArgument("期间应为 YYYY-MM", "period");
  ASSIGN_OR_RETURN(PlaceInfo place,
                   PlaceIn(place_code, caller.ScopeFor(Permission::kIndicatorsRead)));
  ASSIGN_OR_RETURN(auto places, Places());
  Breakdown out;
  out.places = places;
  out.place_code = place.code;
  out.place_name = place.name;
  out.period = period;
  out.indicator = indicator;
  const size_t child_length = place.code.size() == 4 ? 6 : place.code.size() == 6 ? 9 : 12;
  std::vector<const PlaceInfo*> children;
  if (place.code.size() < 12) {
    for (auto it = places->lower_bound(place.code);
         it != places->end() && it->first.starts_with(place.code); ++it) {
      if (it->first.size() == child_length) children.push_back(&it->second);
    }
  }
  std::vector<std::string> codes;
  for (const auto* child : children) codes.push_back(child->code);
  ASSIGN_OR_RETURN(auto figures, repository_.FiguresOf(indicator->id, period, codes));
  std::vector<Figure> baselines;
  const std::string start_period = PeriodOfDate(plan_.start);
  if (start_period < period) {
    ASSIGN_OR_RETURN(baselines, repository_.FiguresOf(indicator->id, start_period, codes));
  }
  ASSIGN_OR_RETURN(auto snapshot, repository_.FiguresOf(indicator->id, period, {place.code}));
  ASSIGN_OR_RETURN(auto reported_values, ReportedFor(period));
  const ReportedValues& reported = *reported_values;
  using Key = std::pair<std::string, std::string>;  // place, variant
  std::map<Key, const Figure*> by_key;
  for (const auto& figure : figures) by_key[Key{figure.place_code, figure.variant}] = &figure;
  std::map<Key, const Figure*> base_by_key;
  for (const auto& figure : baselines)
    base_by_key[Key{figure.place_code, figure.variant}] = &figure;
  for (const auto* child : children) {
    for (const auto& row_variant : VariantsAt(*indicator, *child)) {
      if (!variant.empty() && row_variant.id != variant) continue;
      const auto figure = by_key.find(Key{child->code, row_variant.id});
      const auto base = base_by_key.find(Key{child->code, row_variant.id});
      BreakdownRow row{child, BuildRow(plan_, sources_, *indicator, row_variant, *child, period,
                                       figure == by_key.end() ? nullptr : figure->second,
                                       !figures.empty() || !snapshot.empty(), reported,
                                       base == base_by_key.end() ? nullptr : base->second)};
      out.rows.push_back(std::move(row));
      if (variant.empty()) break;  // each place's own variant
    }
  }
  // Worst first (behind, at risk, no data, on track, met; contributions last), then by code.
  const auto rank = [](const IndicatorRow& row) {
    if (!row.status) return 5;
    switch (*row.status) {
      case Status::kBehind:
        return 0;
      case Status::kAtRisk:
        return 1;
      case Status::kNoData:
        return 2;
      case Status::kOnTrack:
        return 3;
      case Status::kMet:
        return 4;
    }
    return 5;
  };
  std::stable_sort(
      out.rows.begin(), out.rows.end(),
      [&](const BreakdownRow& a, const BreakdownRow& b) { return rank(a.row) < rank(b.row); });
  return out;
}

core::Result<std::vector<TrendPoint>> IndicatorService::Trend(std::string_view place_code,
                                                              std::string_view indicator_id,
                                                              std::string_view variant,
                                                              const Caller& caller) {
  const Indicator* indicator = plan_.Find(indicator_id);
  if (indicator == nullptr) return core::Error::NotFound("规划中没有这个指标");
  ASSIGN_OR_RETURN(PlaceInfo place,
                   PlaceIn(place_code, caller.ScopeFor(Permission::kIndicatorsRead)));
  std::vector<Figure> figures;
  if (sources_.SourceOf(indicator->id) != nullptr) {
    ASSIGN_OR_RETURN(figures, repository_.Trend(place.code, indicator->id));
  } else {
    // Reported: the value of every month that has figures at or below the place.
    ReportQuery query;
    query.place_prefix = place.code;
    query.indicator_id = indicator->id;
    query.limit = 100000;
    ASSIGN_OR_RETURN(auto reports, repository_.ListReports(query, core::Scope::Everything()));
    std::map<std::string, std::vector<Report>> by_period;
    for (auto& report : reports) by_period[report.period].push_back(std::move(report));
    for (auto& [period, list] : by_period) {
      const ReportedValues values(std::move(list));
      if (auto value = values.At(indicator->id, variant, place.code)) {
        Figure figure;
        figure.period = period;
        figure.variant = std::string(variant);
        figure.numerator = value->numerator;
        figure.denominator = value->denominator;
        figures.push_back(figure);
      }
    }
  }
  const bool contribution =
      indicator->kind == Kind::kCount && place.level != indicator->target_level;
  const std::optional<double> target = indicator->kind == Kind::kPerUnit
                                           ? std::optional<double>(100.0)
                                           : TargetOf(*indicator, variant);
  std::vector<TrendPoint> points;
  std::optional<double> baseline;
  for (const auto& figure : figures) {
    if (figure.variant != variant) continue;
    TrendPoint point;
    point.period = figure.period;
    point.numerator = figure.numerator;
    point.denominator = figure.denominator;
    point.value = ValueOf(*indicator, figure.numerator, figure.denominator);
    if (!baseline && point.value && figure.period >= PeriodOfDate(plan_.start)) {
      baseline = indicator->kind == Kind::kCount ? 0.0 : *point.value;
    }
    if (!contribution && target) {
      StatusInput input;
      input.value = point.value;
      input.target = *target;
      input.comparator = indicator->comparator;
      input.period_kind = indicator->period;
      input.deadline = indicator->deadline;
      input.plan_start = plan_.start;
      input.period = figure.period;
      input.baseline = baseline.value_or(0.0);
      point.status = Judge(input);
    }
    points.push_back(std::move(point));
  }
  return points;
}

core::Result<std::vector<UnitShortfall>> IndicatorService::Shortfalls(std::string_view place_code,
                                                                      std::string_view period_in,
                                                                      std::string_view indicator_id,
                                                                      const Caller& caller) {
  const Indicator* indicator = plan_.Find(indicator_id);
  if (indicator == nullptr) return core::Error::NotFound("规划中没有这个指标");
  const std::string period = period_in.empty() ? CurrentPeriod() : std::string(period_in);
  if (!IsPeriod(period)) return core::Error::InvalidArgument("期间应为 YYYY-MM", "period");
  ASSIGN_OR_RETURN(PlaceInfo place,
                   PlaceIn(place_code, caller.ScopeFor(Permission::kIndicatorsRead)));
  return repository_.Shortfalls(place.code, period, indicator->id, 1000);
}

// ----- reports -----

core::Status IndicatorService::CheckReport(const Indicator& indicator, const PlaceInfo& place,
                                           std::string_view variant, std::string_view period,
                                           double numerator, double denominator,
                                           std::string_view note) const {
  if (sources_.SourceOf(indicator.id) != nullptr) {
    return core::Error::FailedPrecondition("本指标由系统根据业务数据计算，无需填报");
  }
  if (!IsPeriod(period)) return core::Error::Validation("期间应为 YYYY-MM", "period");
  if (std::string(period) > CurrentPeriod()) {
    return core::Error::Validation("不能填报未来月份", "period");
  }
  if (place.level > indicator.unit_level) {
    return core::Error::Validation("本指标按" + LevelLabel(indicator.unit_level) +
                                       "填报，不能填报到" + LevelLabel(place.level),
                                   "place");
  }
  const auto rows = VariantsAt(indicator, place);
  const bool known = std::any_of(rows.begin(), rows.end(), [&](const RowVariant& row) {
    return row.id == variant && row.excluded.empty();
  });
  if (!known) {
    if (indicator.variants.empty() && variant.empty()) {
      return core::Error::Validation("本指标不统计此类地区", "place");
    }
    return core::Error::Validation(indicator.variants.empty()
                                       ? "本指标没有分项"
                                       : "分项不适用于该地区：请选择该地区适用的分项",
                                   "variant");
  }
  if (!std::isfinite(numerator) || numerator < 0) {
    return core::Error::Validation("分子应为不小于 0 的数", "numerator");
  }
  if (indicator.kind == Kind::kCount) {
    if (denominator != 0) return core::Error::Validation("数量类指标没有分母", "denominator");
  } else {
    if (!std::isfinite(denominator) || denominator <= 0) {
      return core::Error::Validation("分母应大于 0", "denominator");
    }
    if ((indicator.kind == Kind::kShare || indicator.kind == Kind::kPerUnit) &&
        numerator > denominator) {
      return core::Error::Validation("占比类指标的分子不能大于分母", "numerator");
    }
  }
  if (numerator > 1e12 || denominator > 1e12) {
    return core::Error::Validation("数值过大", "numerator");
  }
  TRY(core::CheckText(note, "note", core::TextRule::kMultiLine));
  if (core::CodePointCount(note) > 500)
    return core::Error::Validation("说明不能超过 500 字", "note");
  return core::Ok();
}

core::Result<Report> IndicatorService::Submit(const NewReport& input, const Caller& caller) {
  const Indicator* indicator = plan_.Find(input.indicator_id);
  if (indicator == nullptr) return core::Error::Validation("规划中没有这个指标", "indicator");
  ASSIGN_OR_RETURN(PlaceInfo place,
                   PlaceIn(input.place_code, caller.ScopeFor(Permission::kIndicatorsReport)));
  TRY(CheckDepartment(*indicator, caller));
  TRY(CheckReport(*indicator, place, input.variant, input.period, input.numerator,
                  input.denominator, input.note));
  const int64_t now = clock_.NowMillis();
  Report report;
  report.indicator_id = indicator->id;
  report.variant = input.variant;
  report.place_code = place.code;
  report.place_name = place.name;
  report.period = input.period;
  report.numerator = input.numerator;
  report.denominator = input.denominator;
  report.note = input.note;
  report.entered_by = caller.account_id();
  report.entered_by_name = caller.name_for_people();
  report.entered_at = now;
  report.updated_at = now;
  report.synthetic = input.synthetic;
  ReportStep step{0, "submit", "", "", caller.account_id(), caller.name_for_people(), now};
  const auto entry = caller.AuditEntry(
      audit::AuditAction::kCreate, "indicator_report", indicator->id + "/" + input.period,
      place.code,
      "{\"variant\":\"" + input.variant + "\",\"numerator\":" + FormatNumber(input.numerator) +
          ",\"denominator\":" + FormatNumber(input.denominator) + "}",
      now);
  auto written = repository_.InsertReport(report, step, entry);
  if (written.ok()) ReportsChanged();  // after the write: what was read before is read again
  return written;
}

core::Result<Report> IndicatorService::Find(int64_t id, const Caller& caller,
                                            Permission permission) {
  ASSIGN_OR_RETURN(auto report, repository_.FindReport(id, caller.ScopeFor(permission)));
  if (!report) return core::Error::NotFound("填报记录不存在或不在您的管辖范围内");
  return *report;
}

core::Result<Report> IndicatorService::Resubmit(int64_t id, double numerator, double denominator,
                                                std::string_view note, const Caller& caller) {
  ASSIGN_OR_RETURN(Report report, Find(id, caller, Permission::kIndicatorsReport));
  const Indicator* indicator = plan_.Find(report.indicator_id);
  if (indicator == nullptr) return core::Error::FailedPrecondition("规划中已没有这个指标");
  if (report.state == ReportState::kApproved || !report.approved_level.empty()) {
    return core::Error::FailedPrecondition("已审核的填报不能修改；如需更正，请上级先退回");
  }
  ASSIGN_OR_RETURN(PlaceInfo place,
                   PlaceIn(report.place_code, caller.ScopeFor(Permission::kIndicatorsReport)));
  TRY(CheckDepartment(*indicator, caller));
  TRY(CheckReport(*indicator, place, report.variant, report.period, numerator, denominator, note));
  const int64_t now = clock_.NowMillis();
  const int64_t expected = report.updated_at;
  report.numerator = numerator;
  report.denominator = denominator;
  report.note = std::string(note);
  report.state = ReportState::kSubmitted;
  report.approved_level.clear();
  report.return_reason.clear();
  report.updated_at = std::max(now, expected + 1);
  ReportStep step{report.id, "submit", "", "", caller.account_id(), caller.name_for_people(), now};
  const auto entry = caller.AuditEntry(audit::AuditAction::kUpdate, "indicator_report",
                                       std::to_string(report.id), report.place_code,
                                       "{\"numerator\":" + FormatNumber(numerator) +
                                           ",\"denominator\":" + FormatNumber(denominator) + "}",
                                       now);
  auto written = repository_.UpdateReport(report, expected, step, entry);
  if (written.ok()) ReportsChanged();  // after the write: what was read before is read again
  return written;
}

core::Status IndicatorService::MayApprove(const Report& report, const Caller& caller) const {
  const auto next = NextApprover(report);
  if (!next) {
    return core::Error::FailedPrecondition(
        report.state == ReportState::kApproved ? "该填报已审定" : "该填报已退回，等待重新填报");
  }
  if (caller.IsSystem()) return core::Ok();
  const std::string code = report.place_code.substr(0, core::CodeLength(*next));
  for (const auto& grant : caller.grants()) {
    const auto& permissions = access::RolePermissions(grant.role);
    if (std::find(permissions.begin(), permissions.end(), Permission::kIndicatorsApprove) !=
            permissions.end() &&
        grant.scope_code == code) {
      return core::Ok();
    }
  }
  return core::Error::PermissionDenied("现在轮到" + LevelLabel(*next) + "审核这条填报");
}

core::Result<Report> IndicatorService::Approve(int64_t id, const Caller& caller) {
  ASSIGN_OR_RETURN(Report report, Find(id, caller, Permission::kIndicatorsApprove));
  TRY(MayApprove(report, caller));
  const DivisionLevel level = *NextApprover(report);
  const auto ladder = ApprovalLadder(*core::LevelOfCode(report.place_code));
  const int64_t now = clock_.NowMillis();
  const int64_t expected = report.updated_at;
  report.approved_level = LevelName(level);
  if (level == ladder.back()) report.state = ReportState::kApproved;
  report.updated_at = std::max(now, expected + 1);
  ReportStep step{report.id, "approve",           LevelName(level),
                  "",        caller.account_id(), caller.name_for_people(),
                  now};
  const auto entry =
      caller.AuditEntry(audit::AuditAction::kUpdate, "indicator_report", std::to_string(report.id),
                        report.place_code, "{\"approved\":\"" + LevelName(level) + "\"}", now);
  auto written = repository_.UpdateReport(report, expected, step, entry);
  if (written.ok()) ReportsChanged();  // after the write: what was read before is read again
  return written;
}

core::Result<Report> IndicatorService::Return(int64_t id, std::string_view reason,
                                              const Caller& caller) {
  ASSIGN_OR_RETURN(Report report, Find(id, caller, Permission::kIndicatorsApprove));
  TRY(MayApprove(report, caller));
  if (reason.empty()) return core::Error::Validation("请写明退回原因", "reason");
  TRY(core::CheckText(reason, "reason", core::TextRule::kMultiLine));
  if (core::CodePointCount(reason) > 500) {
    return core::Error::Validation("退回原因不能超过 500 字", "reason");
  }
  const DivisionLevel level = *NextApprover(report);
  const int64_t now = clock_.NowMillis();
  const int64_t expected = report.updated_at;
  report.state = ReportState::kReturned;
  report.approved_level.clear();
  report.return_reason = std::string(reason);
  report.updated_at = std::max(now, expected + 1);
  ReportStep step{report.id,
                  "return",
                  LevelName(level),
                  std::string(reason),
                  caller.account_id(),
                  caller.name_for_people(),
                  now};
  const auto entry =
      caller.AuditEntry(audit::AuditAction::kUpdate, "indicator_report", std::to_string(report.id),
                        report.place_code, "{\"returned_by\":\"" + LevelName(level) + "\"}", now);
  auto written = repository_.UpdateReport(report, expected, step, entry);
  if (written.ok()) ReportsChanged();  // after the write: what was read before is read again
  return written;
}

core::Result<ReportDetail> IndicatorService::GetReport(int64_t id, const Caller& caller) {
  ASSIGN_OR_RETURN(Report report, Find(id, caller, Permission::kIndicatorsRead));
  ReportDetail detail;
  ASSIGN_OR_RETURN(detail.steps, repository_.Steps(id));
  if (const auto next = NextApprover(report)) detail.next_level = LevelName(*next);
  detail.report = std::move(report);
  return detail;
}

core::Result<std::vector<Report>> IndicatorService::Reports(const ReportQuery& query,
                                                            const Caller& caller) {
  if (!query.period.empty() && !IsPeriod(query.period)) {
    return core::Error::InvalidArgument("期间应为 YYYY-MM", "period");
  }
  if (!query.place_prefix.empty() && !core::LevelOfCode(query.place_prefix)) {
    return core::Error::InvalidArgument("地区代码格式不正确", "place");
  }
  ReportQuery bounded = query;
  bounded.limit = std::min<size_t>(query.limit == 0 ? 200 : query.limit, 1000);
  return repository_.ListReports(bounded, caller.ScopeFor(Permission::kIndicatorsRead));
}

// ----- the monthly report -----

namespace {

std::string Figure2(const std::optional<double>& value) {
  if (!value) return "";
  char text[32];
  std::snprintf(text, sizeof text, "%.2f", *value);
  std::string out = text;
  while (!out.empty() && out.back() == '0') out.pop_back();
  if (!out.empty() && out.back() == '.') out.pop_back();
  return out;
}

std::string Join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& part : parts) out += (out.empty() ? "" : "、") + part;
  return out;
}

}  // namespace

core::Result<std::vector<ReportSheet>> IndicatorService::MonthlyReport(std::string_view place_code,
                                                                       std::string_view period_in,
                                                                       std::string_view department,
                                                                       const Caller& caller) {
  const std::string period = period_in.empty() ? CurrentPeriod() : std::string(period_in);
  if (!IsPeriod(period)) return core::Error::InvalidArgument("期间应为 YYYY-MM", "period");
  if (!department.empty() && std::find(plan_.departments.begin(), plan_.departments.end(),
                                       department) == plan_.departments.end()) {
    return core::Error::InvalidArgument("方案中没有这个部门", "department");
  }
  ASSIGN_OR_RETURN(PlaceInfo place,
                   PlaceIn(place_code, caller.ScopeFor(Permission::kIndicatorsRead)));
  ASSIGN_OR_RETURN(auto places, Places());
  // The levels: the place, one below, and two below for a county or a town.
  std::vector<std::vector<const PlaceInfo*>> levels = {{&places->at(place.code)}};
  const int depth = place.level == DivisionLevel::kCity ? 2 : 3;
  while (static_cast<int>(levels.size()) < depth && levels.back().front()->code.size() < 12) {
    std::vector<const PlaceInfo*> next;
    for (const auto* parent : levels.back()) {
      const size_t length = parent->code.size() == 4 ? 6 : parent->code.size() == 6 ? 9 : 12;
      for (auto it = places->lower_bound(parent->code);
           it != places->end() && it->first.starts_with(parent->code); ++it) {
        if (it->first.size() == length) next.push_back(&it->second);
      }
    }
    if (next.empty()) break;
    levels.push_back(std::move(next));
  }
  const std::string previous = PreviousPeriod(period);
  std::vector<ReportSheet> sheets;
  for (const auto& level : levels) {
    ReportSheet sheet;
    sheet.name = LevelLabel(level.front()->level);
    if (level.size() == 1) sheet.name = level.front()->name;
    if (sheet.name.size() > 90) sheet.name = LevelLabel(level.front()->level);
    sheet.table.header.number = 1;
    sheet.table.header.cells = {"地区代码", "地区", "编号",     "指标",   "分项",
                                "目标",     "期限", "本月值",   "上月值", "变化",
                                "单位",     "状态", "数据来源", "审核",   "责任部门"};
    for (const auto* at : level) {
      ASSIGN_OR_RETURN(auto now, ForPlace(at->code, period, caller));
      ASSIGN_OR_RETURN(auto before, ForPlace(at->code, previous, caller));
      for (size_t i = 0; i < now.rows.size(); ++i) {
        const IndicatorRow& row = now.rows[i];
        const auto& responsible = row.indicator->responsible;
        if (!department.empty() &&
            std::find(responsible.begin(), responsible.end(), department) == responsible.end()) {
          continue;
        }
        std::optional<double> last;
        for (const auto& old : before.rows) {
          if (old.indicator == row.indicator && old.variant == row.variant) last = old.value;
        }
        std::optional<double> change;
        if (row.value && last) change = *row.value - *last;
        const std::string sign = std::string(kComparatorNames.Label(row.indicator->comparator));
        sheet.table.rows.push_back(
            {0,
             {at->code, at->name, row.indicator->id, row.indicator->name, row.variant_name,
              row.target ? sign + " " + Figure2(row.target) : "", row.indicator->deadline,
              Figure2(row.value), Figure2(last), Figure2(change),
              row.indicator->kind == Kind::kPerUnit ? "%" : row.indicator->unit,
              row.status ? std::string(kStatusNames.Label(*row.status)) : "本地区贡献",
              std::string(kSourceNames.Label(row.source)),
              row.approval == "approved"    ? "已审定"
              : row.approval == "submitted" ? "待审核"
                                            : "",
              Join(responsible)}});
        sheet.figures.push_back({row.value, row.target, row.status});
      }
    }
    sheets.push_back(std::move(sheet));
  }
  return sheets;
}

// ----- import -----

namespace {

namespace column {
enum : size_t { kIndicator, kVariant, kPlace, kPeriod, kNumerator, kDenominator, kNote };
}  // namespace column

const tabular::SheetTemplate& FigureSheet() {
  static const tabular::SheetTemplate sheet{{{"指标编号", true, {"指标"}},
                                             {"分项"},
                                             {"地区代码", true, {"区划代码"}},
                                             {"月份", true},
                                             {"分子（或数量）", false, {"分子", "数量"}},
                                             {"分母"},
                                             {"说明"}},
                                            {"指标名称", "地区名称", "单位", "目标"}};
  return sheet;
}

std::optional<double> ParseFigure(std::string_view text) {
  if (text.empty() || text.size() > 32) return std::nullopt;
  std::string copy(text);
  char* end = nullptr;
  const double value = std::strtod(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

// The column of a CheckReport error's field.
size_t ColumnOfField(const std::string& field) {
  if (field == "period") return column::kPeriod;
  if (field == "place") return column::kPlace;
  if (field == "variant") return column::kVariant;
  if (field == "numerator") return column::kNumerator;
  if (field == "denominator") return column::kDenominator;
  if (field == "note") return column::kNote;
  return column::kIndicator;
}

}  // namespace

core::Result<tabular::Table> IndicatorService::ImportTemplate(std::string_view place_code,
                                                              std::string_view period_in,
                                                              const Caller& caller) {
  const std::string period = period_in.empty() ? CurrentPeriod() : std::string(period_in);
  if (!IsPeriod(period)) return core::Error::InvalidArgument("期间应为 YYYY-MM", "period");
  ASSIGN_OR_RETURN(PlaceInfo place,
                   PlaceIn(place_code, caller.ScopeFor(Permission::kIndicatorsReport)));
  tabular::Table table;
  table.header.number = 1;
  table.header.cells = FigureSheet().Titles();
  for (const char* title : {"指标名称", "地区名称"}) table.header.cells.emplace_back(title);
  int64_t number = 2;
  for (const auto& indicator : plan_.indicators) {
    if (sources_.SourceOf(indicator.id) != nullptr || place.level > indicator.unit_level) continue;
    if (!CheckDepartment(indicator, caller).ok()) continue;
    for (const auto& variant : VariantsAt(indicator, place)) {
      if (!variant.excluded.empty()) continue;
      std::vector<std::string> cells = {indicator.id, variant.id, place.code, period, "", "", ""};
      cells.push_back(indicator.name + (variant.name.empty() ? "" : "（" + variant.name + "）"));
      cells.push_back(place.name);
      table.rows.push_back({number++, std::move(cells)});
    }
  }
  return table;
}

core::Result<ReportImportOutcome> IndicatorService::Import(const tabular::Table& table,
                                                           const Caller& caller,
                                                           const tabular::ImportOptions& options) {
  const core::Scope report_scope = caller.ScopeFor(Permission::kIndicatorsReport);
  if (report_scope.Empty()) return core::Error::PermissionDenied("无权填报指标");
  ReportImportOutcome outcome;
  outcome.rows = static_cast<int64_t>(table.rows.size());
  const auto refused = [&](tabular::ProblemCollector&& problems) {
    static_cast<tabular::ImportReport&>(outcome) = std::move(problems).Finish();
    return outcome;
  };
  // 1. The header.
  const tabular::ColumnMap columns(FigureSheet(), table.header);
  tabular::ProblemCollector problems(columns, options.max_reported);
  if (!problems.Any() && table.rows.empty()) problems.AddFile("文件中没有数据行");
  if (!problems.Any() && table.rows.size() > kMaxImportRows) {
    problems.AddFile("一次最多导入 " + std::to_string(kMaxImportRows) + " 行，请分批导入");
  }
  if (problems.Any()) return refused(std::move(problems));

  // 2. Each row on its own; 3. against the plan, the places and the rules of Submit.
  ASSIGN_OR_RETURN(auto places, Places());
  const int64_t now = clock_.NowMillis();
  std::vector<std::pair<size_t, Report>> candidates;
  std::set<std::string> keys_in_file;
  for (size_t r = 0; r < table.rows.size(); ++r) {
    const tabular::TableRow& row = table.rows[r];
    const auto cell = [&](size_t c) { return std::string(columns.Cell(row, c)); };
    if (cell(column::kNumerator).empty() && cell(column::kDenominator).empty()) {
      ++outcome.skipped;
      continue;
    }
    const Indicator* indicator = plan_.Find(cell(column::kIndicator));
    if (indicator == nullptr) {
      problems.Add(row, column::kIndicator, "规划中没有这个指标：" + cell(column::kIndicator));
      continue;
    }
    const auto numerator = ParseFigure(cell(column::kNumerator));
    if (!numerator) {
      problems.Add(row, column::kNumerator, "应为数字");
      continue;
    }
    std::optional<double> denominator = 0.0;
    if (!cell(column::kDenominator).empty()) denominator = ParseFigure(cell(column::kDenominator));
    if (!denominator) {
      problems.Add(row, column::kDenominator, "应为数字");
      continue;
    }
    const auto place = places->find(cell(column::kPlace));
    if (place == places->end() || !report_scope.Covers(place->first)) {
      problems.Add(row, column::kPlace, "地区不存在或不在您的管辖范围内");
      continue;
    }
    if (auto department = CheckDepartment(*indicator, caller); !department.ok()) {
      problems.Add(row, column::kIndicator, department.error().message);
      continue;
    }
    Report report;
    report.indicator_id = indicator->id;
    report.variant = cell(column::kVariant);
    report.place_code = place->first;
    report.period = cell(column::kPeriod);
    report.numerator = *numerator;
    report.denominator = *denominator;
    report.note = cell(column::kNote);
    if (auto checked = CheckReport(*indicator, place->second, report.variant, report.period,
                                   report.numerator, report.denominator, report.note);
        !checked.ok()) {
      problems.Add(row, ColumnOfField(checked.error().field), checked.error().message);
      continue;
    }
    const std::string key =
        report.place_code + "|" + report.period + "|" + report.indicator_id + "|" + report.variant;
    if (!keys_in_file.insert(key).second) {
      problems.AddRow(row, "同一地区、月份、指标和分项在文件中出现了不止一次");
      continue;
    }
    report.entered_by = caller.account_id();
    report.entered_by_name = caller.name_for_people();
    report.entered_at = now;
    report.updated_at = now;
    candidates.emplace_back(r, std::move(report));
  }
  // One query for the live figures of these places and months.
  std::set<std::string> place_set;
  std::set<std::string> period_set;
  for (const auto& [r, report] : candidates) {
    place_set.insert(report.place_code);
    period_set.insert(report.period);
  }
  ASSIGN_OR_RETURN(auto live, repository_.LiveKeys({place_set.begin(), place_set.end()},
                                                   {period_set.begin(), period_set.end()}));
  const std::set<std::string> live_set(live.begin(), live.end());
  std::vector<Report> reports;
  for (auto& [r, report] : candidates) {
    const std::string key =
        report.place_code + "|" + report.period + "|" + report.indicator_id + "|" + report.variant;
    if (live_set.contains(key)) {
      problems.AddRow(table.rows[r],
                      "该地区本月的这项指标已有填报（待审核或已审定）；请在网页上修改");
      continue;
    }
    reports.push_back(std::move(report));
  }
  if (problems.Any()) return refused(std::move(problems));
  if (options.dry_run || reports.empty()) return outcome;

  // 4. Written at once, each with its "submit" step, with one audit record.
  const ReportStep step{0, "submit", "", "", caller.account_id(), caller.name_for_people(), now};
  const auto entry =
      caller.AuditEntry(audit::AuditAction::kImport, "indicator_report", options.source_name,
                        caller.PlaceOf({access::Role::kCityAdmin, access::Role::kDepartmentOfficer,
                                        access::Role::kCountyOfficial, access::Role::kTownOfficial,
                                        access::Role::kCommunityWorker}),
                        "{\"figures\":" + std::to_string(reports.size()) + "}", now);
  ASSIGN_OR_RETURN(outcome.imported, repository_.InsertReports(reports, step, entry));
  ReportsChanged();
  outcome.written = true;
  return outcome;
}

core::Result<std::string> IndicatorService::ErrorCopy(const tabular::Table& table,
                                                      const tabular::ImportReport& report) {
  return tabular::ErrorCopy(table, report, "指标填报导入错误");
}

core::Result<int64_t> IndicatorService::SeedSynthetic(const std::vector<std::string>& communities,
                                                      uint64_t seed) {
  ASSIGN_OR_RETURN(bool seeded, repository_.HasSyntheticReports());
  if (seeded) return int64_t{0};
  ASSIGN_OR_RETURN(auto places, Places());
  const int64_t now = clock_.NowMillis();
  const auto reports =
      SyntheticReports(plan_, sources_, *places, communities, CurrentPeriod(), seed, now);
  const auto entry = Caller::System().AuditEntry(
      audit::AuditAction::kImport, "indicator_report", "synthetic", plan_.city_code,
      "{\"figures\":" + std::to_string(reports.size()) + "}", now);
  auto written = repository_.InsertReports(reports, std::nullopt, entry);
  if (written.ok()) ReportsChanged();  // after the write: what was read before is read again
  return written;
}

core::Result<std::vector<Report>> IndicatorService::AwaitingApproval(const Caller& caller) {
  ReportQuery query;
  query.state = ReportState::kSubmitted;
  query.limit = 1000;
  ASSIGN_OR_RETURN(auto reports,
                   repository_.ListReports(query, caller.ScopeFor(Permission::kIndicatorsApprove)));
  std::vector<Report> out;
  for (auto& report : reports) {
    if (MayApprove(report, caller).ok()) out.push_back(std::move(report));
  }
  return out;
}

core::Result<scheduler::Job> SnapshotJob(IndicatorService& service) {
  scheduler::Job job;
  job.name = std::string(kSnapshotJobName);
  job.title = "计算规划指标月度快照";
  ASSIGN_OR_RETURN(job.schedule, scheduler::Schedule::DailyAt(2, 30));
  job.catch_up = scheduler::CatchUp::kMerge;
  job.lease_ms = 30 * 60 * 1000;
  job.retry_after_ms = 10 * 60 * 1000;
  job.run = [&service](int64_t scheduled_at) -> core::Status {
    constexpr int64_t kDayMs = 86'400'000;
    const std::string previous = PeriodOf(scheduled_at - kDayMs);
    const std::string current = PeriodOf(scheduled_at);
    TRY(service.Compute(previous));
    if (current != previous) TRY(service.Compute(current));
    return core::Ok();
  };
  return job;
}

}  // namespace linli::indicators
