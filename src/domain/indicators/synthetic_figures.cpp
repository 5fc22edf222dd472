#include "domain/indicators/synthetic_figures.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace linli::indicators {

namespace {

using core::DivisionLevel;

// splitmix64 over the seed and a text: a stable uniform number in [0, 1).
double Uniform(uint64_t seed, std::string_view text, uint64_t salt) {
  uint64_t x = seed ^ (salt * 0x9E3779B97F4A7C15ULL);
  for (char c : text) x = (x ^ static_cast<unsigned char>(c)) * 0x100000001B3ULL;
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  x ^= x >> 31;
  return static_cast<double>(x >> 11) / 9007199254740992.0;
}

// People or things counted by a share or ratio whose units are not the places themselves:
// a typical denominator of one place (the rest are yes/no per place, denominator 1).
struct Size {
  double low;
  double high;
};
const std::map<std::string, Size, std::less<>>& Sizes() {
  static const std::map<std::string, Size, std::less<>> sizes = {
      {"A6", {1, 4}},         // community service facilities of a community
      {"B4", {3000, 12000}},  // urban residents of a community
      {"C2b", {200, 600}},    // home-dwelling elderly
      {"C2c", {8, 40}},       // elderly in special difficulty
      {"C11a", {400, 1500}},  // a county's police
      {"C11b", {120, 500}},   // its station police
  };
  return sizes;
}

std::string CodeAt(const std::string& code, size_t length) { return code.substr(0, length); }

}  // namespace

std::vector<Report> SyntheticReports(const Plan& plan, const SourceRegistry& sources,
                                     const PlaceIndex& places,
                                     const std::vector<std::string>& communities,
                                     std::string_view last_period, uint64_t seed, int64_t at) {
  std::vector<std::string> periods;
  for (std::string period = PeriodOfDate(plan.start); period <= last_period;
       period = NextPeriod(period)) {
    periods.push_back(period);
  }
  const double plan_months = std::max(
      1.0, static_cast<double>(
               (std::stoi(plan.end.substr(0, 4)) - std::stoi(plan.start.substr(0, 4))) * 12 +
               std::stoi(plan.end.substr(5, 2)) - std::stoi(plan.start.substr(5, 2))));
  // The places at each level the figures are made for.
  std::set<std::string> towns;
  std::set<std::string> counties;
  for (const auto& code : communities) {
    towns.insert(CodeAt(code, 9));
    counties.insert(CodeAt(code, 6));
  }
  std::vector<Report> out;
  for (const Indicator& indicator : plan.indicators) {
    if (sources.SourceOf(indicator.id) != nullptr) continue;
    const DivisionLevel level =
        indicator.kind == Kind::kCount ? indicator.target_level : indicator.unit_level;
    std::vector<std::string> at_level;
    if (level == DivisionLevel::kCommunity) at_level = communities;
    if (level == DivisionLevel::kTown) at_level.assign(towns.begin(), towns.end());
    if (level == DivisionLevel::kCounty) at_level.assign(counties.begin(), counties.end());
    if (level == DivisionLevel::kCity) at_level = {plan.city_code};
    for (const auto& code : at_level) {
      const auto place = places.find(code);
      if (place == places.end()) continue;
      const bool community = place->second.level == DivisionLevel::kCommunity;
      const auto variant = level == DivisionLevel::kCity && !indicator.variants.empty()
                               ? std::optional<std::string>()
                               : VariantFor(indicator, community ? place->second.kind : "",
                                            place->second.county_kind);
      if (!variant) continue;
      const auto target = TargetOf(indicator, *variant);
      if (!target || *target <= 0) continue;
      const std::string key = indicator.id + "/" + code;
      const double start = 0.15 + 0.4 * Uniform(seed, key, 1);
      const double goal = 0.7 + 0.45 * Uniform(seed, key, 2);  // of the target, at the plan's end
      const double threshold = 0.05 + 0.9 * Uniform(seed, key, 3);
      const auto size = Sizes().find(indicator.id);
      const double denominator =
          size == Sizes().end()
              ? 1.0
              : std::round(size->second.low +
                           (size->second.high - size->second.low) * Uniform(seed, key, 4));
      for (size_t i = 0; i < periods.size(); ++i) {
        const double progress =
            start + (goal - start) * std::min(1.0, static_cast<double>(i) / plan_months);
        Report report;
        report.indicator_id = indicator.id;
        report.variant = *variant;
        report.place_code = code;
        report.period = periods[i];
        if (indicator.kind == Kind::kCount) {
          double count = *target * progress;
          if (indicator.period == PeriodKind::kYearly) {
            count *= std::stoi(periods[i].substr(5, 2)) / 12.0;  // so far this year
          }
          report.numerator = std::floor(count);
          report.denominator = 0;
        } else if (indicator.kind == Kind::kRatio) {
          report.denominator = denominator;
          report.numerator = std::round(*target * progress * denominator / indicator.factor);
        } else if (size == Sizes().end()) {
          report.denominator = 1;  // a place with it or without it
          report.numerator = progress * *target / 100.0 >= threshold ? 1 : 0;
        } else {
          report.denominator = denominator;
          report.numerator = std::min(
              denominator, std::round(denominator * std::min(1.0, progress * *target / 100.0)));
        }
        report.note = "合成数据";
        report.synthetic = true;
        report.entered_by = 0;
        report.entered_by_name = "合成数据";
        report.entered_at = at;
        report.updated_at = at;
        const bool last = i + 1 == periods.size();
        report.state = last ? ReportState::kSubmitted : ReportState::kApproved;
        report.approved_level = last ? "" : "city";
        out.push_back(std::move(report));
      }
    }
  }
  return out;
}

}  // namespace linli::indicators
