// Plan indicators (issue 18): what the modules measure, how figures roll up from the units to the
// city, the reported figures with their approval ladder, the status rule, and the repository.
//
// Computed figures. A module registers an IndicatorSource for the indicators it can compute from
// its own records (facilities: B1a–d, C5a, C5b; kiosks: B2a; service requests: B3). A source
// answers Measurements — one unit's numerator and denominator, at the place (community, town or
// county) it belongs to — for a period; RollUp adds them up place by place to every level above
// (codes are prefixes of their ancestors), split by the plan's variants and filtered by its place
// filters, so that a town's figure is exactly the sum of its communities'.
//
// Reported figures. An indicator no module computes is reported: a figure (numerator,
// denominator) for a place and a month at that place's level, approved by each level above it in
// turn (community → town → county → city; a county's figure by the city; the city's own by the
// city) or returned with a reason, like DHIS2's data approval. A place's reported value is its own
// figure, or else the sum of the values of the places below it that have one.
//
// Status (docs/decisions/0029-plan-indicators.md): met when the value meets the target;
// otherwise, for a target with a deadline, the share of the way from the baseline to the target
// against the share of the plan's time gone: on_track when at or ahead of that line, at_risk
// within 15 points behind it, behind beyond that or once the deadline passed; for monthly and
// ongoing targets at_risk within 10 % of the target, behind beyond; no_data without a value.
// Counts below (or above) the level their target holds at are contributions, without a status.
// Thread-safety: plain values and pure functions; the registry is filled before serving.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/enum_names.hpp"
#include "core/result.hpp"
#include "core/scope.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/indicators/plan.hpp"

namespace linli::indicators {

// ----- periods -----
// A period is a calendar month "YYYY-MM" (China time).
bool IsPeriod(std::string_view text);
// [from, to) of the month in epoch milliseconds, China time (UTC+8).
struct PeriodSpan {
  int64_t from = 0;
  int64_t to = 0;
};
PeriodSpan SpanOf(std::string_view period);  // REQUIRES: IsPeriod(period)
std::string PeriodOf(int64_t millis);        // the China month of an instant
std::string PreviousPeriod(std::string_view period);
std::string NextPeriod(std::string_view period);
// "2025-12-31" → "2025-12".
std::string PeriodOfDate(std::string_view date);
// The first and last days of the month, "YYYY-MM-DD".
std::string FirstDayOf(std::string_view period);
std::string LastDayOf(std::string_view period);

// ----- places -----
// What RollUp and the service need to know of a place.
struct PlaceInfo {
  std::string code;
  std::string name;
  core::DivisionLevel level = core::DivisionLevel::kCommunity;
  std::string kind;  // the place's own kind (community: urban, village; county: district …)
  std::string county_kind;  // the kind of its county ("" for the city)
};
// Places by code (every active county, town and community of a city, and the city).
using PlaceIndex = std::map<std::string, PlaceInfo, std::less<>>;

// ----- what modules measure -----
struct Measurement {
  std::string indicator_id;
  std::string place_code;  // the unit's community (or town / county for such unit levels)
  double numerator = 0.0;
  double denominator = 0.0;
  std::string subject;  // per_unit: the unit's name when it falls short of the standard
};

struct IndicatorSource {
  std::string module;                   // "facilities"
  std::vector<std::string> indicators;  // the ids it computes
  // Its measurements for the month (dated records as of span.to where the module keeps dates),
  // given the city's places (a source measuring every community walks them). Called on a worker
  // thread beside the other sources: it must be thread-safe.
  std::function<core::Result<std::vector<Measurement>>(
      std::string_view period, const PeriodSpan& span, const PlaceIndex& places)>
      compute;
};

class SourceRegistry {
 public:
  // kInvalidArgument without module, indicators or compute; kAlreadyExists when an indicator
  // already has a source.
  core::Status Register(IndicatorSource source);
  const IndicatorSource* SourceOf(std::string_view indicator_id) const;
  const std::vector<IndicatorSource>& sources() const { return sources_; }

 private:
  std::vector<IndicatorSource> sources_;
};

// ----- figures -----
enum class Source { kComputed, kReported, kNone };
inline constexpr core::EnumNames<Source, 3> kSourceNames{{
    {Source::kComputed, "computed", "系统计算"},
    {Source::kReported, "reported", "填报"},
    {Source::kNone, "none", "无数据"},
}};

// A figure of one place, indicator and variant for one period.
struct Figure {
  std::string period;
  std::string place_code;
  std::string indicator_id;
  std::string variant;  // "" when the indicator has none
  double numerator = 0.0;
  double denominator = 0.0;
  int64_t units = 0;  // measurements (or reports) added up
  int64_t computed_at = 0;
};

// A per_unit shortfall kept with the snapshot: the unit that falls short, under its community.
struct UnitShortfall {
  std::string period;
  std::string indicator_id;
  std::string place_code;
  std::string subject;
};

// The variant of `indicator` a place of these kinds counts under: "" without variants; nullopt
// when the indicator's filter or every variant's filter excludes it.
std::optional<std::string> VariantFor(const Indicator& indicator, std::string_view community_kind,
                                      std::string_view county_kind);

// Adds the measurements up to every place from the unit's own to the city, by indicator and
// variant. Measurements of unknown indicators or places, or of a place not at the indicator's
// unit level, are skipped (counted in `skipped`).
struct RollUpResult {
  std::vector<Figure> figures;  // ordered by place, indicator, variant
  std::vector<UnitShortfall> shortfalls;
  int64_t skipped = 0;
};
RollUpResult RollUp(const Plan& plan, const PlaceIndex& places, std::string_view period,
                    const std::vector<Measurement>& measurements, int64_t computed_at);

// The value of a figure: numerator / denominator × factor (share, ratio, per_unit), the
// numerator (count); nullopt when the denominator is zero.
std::optional<double> ValueOf(const Indicator& indicator, double numerator, double denominator);

// ----- status -----
enum class Status { kMet, kOnTrack, kAtRisk, kBehind, kNoData };
inline constexpr core::EnumNames<Status, 5> kStatusNames{{
    {Status::kMet, "met", "已达标"},
    {Status::kOnTrack, "on_track", "进度正常"},
    {Status::kAtRisk, "at_risk", "有风险"},
    {Status::kBehind, "behind", "滞后"},
    {Status::kNoData, "no_data", "无数据"},
}};

inline constexpr double kAtRiskTrajectoryPoints = 0.15;  // behind the line by at most this share
inline constexpr double kAtRiskOfTarget = 0.10;          // monthly / ongoing: within 10 % of target

struct StatusInput {
  std::optional<double> value;
  double target = 0.0;
  Comparator comparator = Comparator::kAtLeast;
  PeriodKind period_kind = PeriodKind::kOnce;
  std::string deadline;    // "YYYY-MM-DD" (once)
  std::string plan_start;  // "YYYY-MM-DD"
  std::string period;      // "YYYY-MM", the month judged
  double baseline = 0.0;   // the value at the plan's start (0 for counts)
};
bool Meets(double value, double target, Comparator comparator);
Status Judge(const StatusInput& input);

// ----- reported figures and their approval -----
enum class ReportState { kSubmitted, kReturned, kApproved };
inline constexpr core::EnumNames<ReportState, 3> kReportStateNames{{
    {ReportState::kSubmitted, "submitted", "待审核"},
    {ReportState::kReturned, "returned", "已退回"},
    {ReportState::kApproved, "approved", "已审定"},
}};

struct Report {
  int64_t id = 0;
  std::string indicator_id;
  std::string variant;
  std::string place_code;
  std::string place_name;  // filled by the repository
  std::string period;
  double numerator = 0.0;
  double denominator = 0.0;
  std::string note;
  ReportState state = ReportState::kSubmitted;
  std::string approved_level;  // the last level that approved: "" | town | county | city
  std::string return_reason;
  int64_t entered_by = 0;
  std::string entered_by_name;
  int64_t entered_at = 0;
  int64_t updated_at = 0;
  bool synthetic = false;
};

// One step of a report's history (entered, resubmitted, approved at a level, returned).
struct ReportStep {
  int64_t report_id = 0;
  std::string action;  // submit | approve | return
  std::string level;   // approve: the level that approved
  std::string reason;  // return
  int64_t actor_id = 0;
  std::string actor_name;
  int64_t at = 0;
};

// The levels that approve a figure of a place of `level`, in order (a city's own: the city).
std::vector<core::DivisionLevel> ApprovalLadder(core::DivisionLevel level);
// The next level to approve `report` (nullopt once approved or while returned).
std::optional<core::DivisionLevel> NextApprover(const Report& report);

struct ReportQuery {
  std::string place_prefix;  // reports of places under it
  std::string period;        // "" = any
  std::string indicator_id;  // "" = any
  std::optional<ReportState> state;
  size_t limit = 200;
};

// ----- storage -----
class IndicatorRepository {
 public:
  virtual ~IndicatorRepository() = default;

  // Replaces the period's computed figures and shortfalls of these indicators in one
  // transaction.
  virtual core::Status ReplaceSnapshot(std::string_view period,
                                       const std::vector<std::string>& indicator_ids,
                                       const std::vector<Figure>& figures,
                                       const std::vector<UnitShortfall>& shortfalls) = 0;
  // The computed figures of one place and period.
  virtual core::Result<std::vector<Figure>> Figures(std::string_view place_code,
                                                    std::string_view period) = 0;
  // One indicator's figures of these places for one period.
  virtual core::Result<std::vector<Figure>> FiguresOf(std::string_view indicator_id,
                                                      std::string_view period,
                                                      const std::vector<std::string>& places) = 0;
  // One indicator's figures of one place across periods, oldest first.
  virtual core::Result<std::vector<Figure>> Trend(std::string_view place_code,
                                                  std::string_view indicator_id) = 0;
  // Shortfalls of a per_unit indicator under a place, by place then subject.
  virtual core::Result<std::vector<UnitShortfall>> Shortfalls(std::string_view place_prefix,
                                                              std::string_view period,
                                                              std::string_view indicator_id,
                                                              size_t limit) = 0;
  // The newest period with a computed snapshot ("" when none).
  virtual core::Result<std::string> LatestPeriod() = 0;

  // Reports. Insert fails with kAlreadyExists when the place, period, indicator and variant
  // already have a report that is not returned.
  virtual core::Result<Report> InsertReport(const Report& report, const ReportStep& step,
                                            const audit::AuditEntry& entry) = 0;
  // Writes the report's figure, state, approved level and reason, with the step and the audit
  // record, when its updated_at is still `expected_updated_at` (else kFailedPrecondition).
  virtual core::Result<Report> UpdateReport(const Report& report, int64_t expected_updated_at,
                                            const ReportStep& step,
                                            const audit::AuditEntry& entry) = 0;
  virtual core::Result<std::optional<Report>> FindReport(int64_t id, const core::Scope& scope) = 0;
  virtual core::Result<std::vector<Report>> ListReports(const ReportQuery& query,
                                                        const core::Scope& scope) = 0;
  // Reports not returned of places under the prefix for one period (the values' source).
  virtual core::Result<std::vector<Report>> LiveReports(std::string_view place_prefix,
                                                        std::string_view period) = 0;
  virtual core::Result<std::vector<ReportStep>> Steps(int64_t report_id) = 0;
  // Writes figures as they are (state, approvals) in one transaction with one audit record; the
  // number written. With a step (an import's "submit"), each figure gets it and a figure whose
  // place, month, indicator and variant already have a live one fails the whole write
  // (kAlreadyExists); without (the seeder's synthetic figures), such figures are skipped.
  virtual core::Result<int64_t> InsertReports(const std::vector<Report>& reports,
                                              const std::optional<ReportStep>& step,
                                              const audit::AuditEntry& entry) = 0;
  // The live figures' keys among these places and months: "place|period|indicator|variant".
  virtual core::Result<std::vector<std::string>> LiveKeys(
      const std::vector<std::string>& places, const std::vector<std::string>& periods) = 0;
  virtual core::Result<bool> HasSyntheticReports() = 0;
};

}  // namespace linli::indicators
