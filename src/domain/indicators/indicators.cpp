#include "domain/indicators/indicators.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <tuple>

#include "core/identity/date.hpp"

namespace linli::indicators {

namespace {

using core::DivisionLevel;

constexpr int64_t kDayMs = 86'400'000;
constexpr int64_t kChinaOffsetMs = 8 * 3'600'000;

int Digits(std::string_view text, size_t at, size_t count) {
  int value = 0;
  for (size_t i = at; i < at + count; ++i) value = value * 10 + (text[i] - '0');
  return value;
}

// Days since the epoch of "YYYY-MM-DD".
int64_t DayOf(std::string_view date) {
  return identity::DaysFromCivil({Digits(date, 0, 4), Digits(date, 5, 2), Digits(date, 8, 2)});
}

std::string CodeAt(std::string_view code, DivisionLevel level) {
  switch (level) {
    case DivisionLevel::kCity:
      return std::string(code.substr(0, 4));
    case DivisionLevel::kCounty:
      return std::string(code.substr(0, 6));
    case DivisionLevel::kTown:
      return std::string(code.substr(0, 9));
    default:
      return std::string(code.substr(0, 12));
  }
}

}  // namespace

// ----- periods -----

bool IsPeriod(std::string_view text) {
  if (text.size() != 7 || text[4] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6}) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  const int year = Digits(text, 0, 4);
  const int month = Digits(text, 5, 2);
  return year >= 2000 && year <= 2100 && month >= 1 && month <= 12;
}

PeriodSpan SpanOf(std::string_view period) {
  const int year = Digits(period, 0, 4);
  const int month = Digits(period, 5, 2);
  const int64_t first = identity::DaysFromCivil({year, month, 1});
  const int64_t next = month == 12 ? identity::DaysFromCivil({year + 1, 1, 1})
                                   : identity::DaysFromCivil({year, month + 1, 1});
  return PeriodSpan{first * kDayMs - kChinaOffsetMs, next * kDayMs - kChinaOffsetMs};
}

std::string PeriodOf(int64_t millis) {
  const int64_t local = millis + kChinaOffsetMs;
  const int64_t days = local >= 0 ? local / kDayMs : (local - kDayMs + 1) / kDayMs;
  const identity::Date date = identity::CivilFromDays(days);
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02d", date.year, date.month);
  return text;
}

std::string PreviousPeriod(std::string_view period) {
  int year = Digits(period, 0, 4);
  int month = Digits(period, 5, 2) - 1;
  if (month == 0) {
    month = 12;
    --year;
  }
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02d", year, month);
  return text;
}

std::string NextPeriod(std::string_view period) {
  int year = Digits(period, 0, 4);
  int month = Digits(period, 5, 2) + 1;
  if (month == 13) {
    month = 1;
    ++year;
  }
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02d", year, month);
  return text;
}

std::string PeriodOfDate(std::string_view date) { return std::string(date.substr(0, 7)); }

std::string FirstDayOf(std::string_view period) { return std::string(period) + "-01"; }

std::string LastDayOf(std::string_view period) {
  const PeriodSpan span = SpanOf(period);
  return identity::FormatDate(identity::CivilFromDays((span.to + kChinaOffsetMs) / kDayMs - 1));
}

// ----- sources -----

core::Status SourceRegistry::Register(IndicatorSource source) {
  if (source.module.empty() || source.indicators.empty() || !source.compute) {
    return core::Error::InvalidArgument("指标来源缺少模块、指标或计算函数");
  }
  for (const auto& id : source.indicators) {
    if (SourceOf(id) != nullptr) {
      return core::Error::AlreadyExists("指标已有计算来源：" + id);
    }
  }
  sources_.push_back(std::move(source));
  return core::Ok();
}

const IndicatorSource* SourceRegistry::SourceOf(std::string_view indicator_id) const {
  for (const auto& source : sources_) {
    if (std::find(source.indicators.begin(), source.indicators.end(), indicator_id) !=
        source.indicators.end()) {
      return &source;
    }
  }
  return nullptr;
}

// ----- roll-up -----

std::optional<std::string> VariantFor(const Indicator& indicator, std::string_view community_kind,
                                      std::string_view county_kind) {
  if (!indicator.filter.Admits(community_kind, county_kind)) return std::nullopt;
  if (indicator.variants.empty()) return std::string();
  for (const auto& variant : indicator.variants) {
    if (variant.filter.Admits(community_kind, county_kind)) return variant.id;
  }
  return std::nullopt;
}

RollUpResult RollUp(const Plan& plan, const PlaceIndex& places, std::string_view period,
                    const std::vector<Measurement>& measurements, int64_t computed_at) {
  RollUpResult result;
  using Key = std::tuple<std::string, std::string, std::string>;  // place, indicator, variant
  std::map<Key, Figure> sums;
  for (const auto& measurement : measurements) {
    const Indicator* indicator = plan.Find(measurement.indicator_id);
    const auto place = places.find(measurement.place_code);
    if (indicator == nullptr || place == places.end() ||
        place->second.level != indicator->unit_level ||
        measurement.place_code.substr(0, 4) != plan.city_code) {
      ++result.skipped;
      continue;
    }
    // A unit above community level has no community kind: only county filters apply to it.
    const std::string community_kind =
        place->second.level == DivisionLevel::kCommunity ? place->second.kind : std::string();
    const bool community_filtered =
        !indicator->filter.community_kinds.empty() ||
        std::any_of(indicator->variants.begin(), indicator->variants.end(),
                    [](const Variant& v) { return !v.filter.community_kinds.empty(); });
    if (community_filtered && place->second.level != DivisionLevel::kCommunity) {
      ++result.skipped;
      continue;
    }
    const auto variant = VariantFor(*indicator, community_kind, place->second.county_kind);
    if (!variant) continue;  // outside the places the indicator counts
    if (indicator->kind == Kind::kPerUnit && !measurement.subject.empty()) {
      result.shortfalls.push_back(UnitShortfall{std::string(period), indicator->id,
                                                measurement.place_code, measurement.subject});
    }
    for (DivisionLevel level : {DivisionLevel::kCity, DivisionLevel::kCounty, DivisionLevel::kTown,
                                DivisionLevel::kCommunity}) {
      if (core::CodeLength(level) > measurement.place_code.size()) break;
      const std::string code = CodeAt(measurement.place_code, level);
      // Variants split by county kind are figures of counties and below; the city has a row
      // per variant too (the sum over the counties of that kind).
      Figure& figure = sums[Key{code, indicator->id, *variant}];
      figure.numerator += measurement.numerator;
      figure.denominator += measurement.denominator;
      ++figure.units;
    }
  }
  result.figures.reserve(sums.size());
  for (auto& [key, figure] : sums) {
    figure.period = std::string(period);
    figure.place_code = std::get<0>(key);
    figure.indicator_id = std::get<1>(key);
    figure.variant = std::get<2>(key);
    figure.computed_at = computed_at;
    result.figures.push_back(std::move(figure));
  }
  std::sort(result.shortfalls.begin(), result.shortfalls.end(),
            [](const UnitShortfall& a, const UnitShortfall& b) {
              return std::tie(a.indicator_id, a.place_code, a.subject) <
                     std::tie(b.indicator_id, b.place_code, b.subject);
            });
  return result;
}

std::optional<double> ValueOf(const Indicator& indicator, double numerator, double denominator) {
  if (indicator.kind == Kind::kCount) return numerator;
  if (denominator == 0.0) return std::nullopt;
  return numerator / denominator * indicator.factor;
}

// ----- status -----

bool Meets(double value, double target, Comparator comparator) {
  constexpr double kEpsilon = 1e-9;
  switch (comparator) {
    case Comparator::kAtLeast:
      return value + kEpsilon >= target;
    case Comparator::kAtMost:
      return value - kEpsilon <= target;
    case Comparator::kEqual:
      return std::fabs(value - target) <= kEpsilon;
  }
  return false;
}

Status Judge(const StatusInput& input) {
  if (!input.value) return Status::kNoData;
  const double value = *input.value;
  if (Meets(value, input.target, input.comparator)) return Status::kMet;
  // The last day of the month judged.
  const PeriodSpan span = SpanOf(input.period);
  const int64_t judged_day = (span.to + kChinaOffsetMs) / kDayMs - 1;
  switch (input.period_kind) {
    case PeriodKind::kMonthly:
    case PeriodKind::kOngoing: {
      const double gap = std::fabs(input.target - value);
      return gap <= std::fabs(input.target) * kAtRiskOfTarget ? Status::kAtRisk : Status::kBehind;
    }
    case PeriodKind::kYearly: {
      // A count within the calendar year: the share of the year gone by the month's end.
      const double elapsed = Digits(input.period, 5, 2) / 12.0;
      const double progress = input.target == 0.0 ? 1.0 : value / input.target;
      if (progress >= elapsed) return Status::kOnTrack;
      return progress >= elapsed - kAtRiskTrajectoryPoints ? Status::kAtRisk : Status::kBehind;
    }
    case PeriodKind::kOnce:
      break;
  }
  const int64_t deadline = DayOf(input.deadline);
  if (judged_day >= deadline) return Status::kBehind;
  const int64_t start = DayOf(input.plan_start);
  const double elapsed = deadline <= start
                             ? 1.0
                             : std::clamp(static_cast<double>(judged_day + 1 - start) /
                                              static_cast<double>(deadline + 1 - start),
                                          0.0, 1.0);
  const double distance = input.target - input.baseline;
  const double progress = distance == 0.0 ? 0.0 : (value - input.baseline) / distance;
  if (progress >= elapsed) return Status::kOnTrack;
  return progress >= elapsed - kAtRiskTrajectoryPoints ? Status::kAtRisk : Status::kBehind;
}

// ----- approval -----

std::vector<DivisionLevel> ApprovalLadder(DivisionLevel level) {
  switch (level) {
    case DivisionLevel::kCommunity:
      return {DivisionLevel::kTown, DivisionLevel::kCounty, DivisionLevel::kCity};
    case DivisionLevel::kTown:
      return {DivisionLevel::kCounty, DivisionLevel::kCity};
    default:
      return {DivisionLevel::kCity};
  }
}

std::optional<DivisionLevel> NextApprover(const Report& report) {
  if (report.state != ReportState::kSubmitted) return std::nullopt;
  const auto level = core::LevelOfCode(report.place_code);
  if (!level) return std::nullopt;
  const auto ladder = ApprovalLadder(*level);
  if (report.approved_level.empty()) return ladder.front();
  for (size_t i = 0; i + 1 < ladder.size(); ++i) {
    if (core::DivisionLevelName(ladder[i]) == report.approved_level) return ladder[i + 1];
  }
  return std::nullopt;
}

}  // namespace linli::indicators
