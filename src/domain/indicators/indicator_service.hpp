// IndicatorService: the plan's indicators at every place and month (indicators.hpp has the
// rules).
//
// - Compute (the monthly job, `linli indicators compute`): every registered source measures the
//   month, RollUp adds the measurements up to the city, and the snapshot replaces that month's
//   computed figures in one transaction.
// - ForPlace: every indicator of the plan for one place and month — a row per variant that
//   applies there — with its value (computed from the snapshot, or reported), target, status,
//   source and approval; a row without a value says why (无数据).
// - Trend: one indicator of one place month by month, each with its status.
// - Reports: enter a figure for an indicator no module computes, resubmit it after a return,
//   approve it or return it with a reason, level by level up to the city. Every step is audited.
// Scopes: reads use indicators.read, entering indicators.report (a department officer only for
// the indicators the plan makes its department responsible for), approving indicators.approve
// at exactly the level whose turn it is; a place outside the scope reads as missing (404).
// Thread-safety: thread-safe; the place index is rebuilt when the division tree changes.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "core/tabular/import_report.hpp"
#include "core/tabular/table.hpp"
#include "domain/access/caller.hpp"
#include "domain/divisions/division_service.hpp"
#include "domain/indicators/indicators.hpp"
#include "domain/scheduler/scheduler.hpp"

namespace linli::indicators {

class ReportedValues;  // the live reported figures of one month, summed place by place

// One row of a place's indicators.
struct IndicatorRow {
  const Indicator* indicator = nullptr;
  std::string variant;  // "" without variants
  std::string variant_name;
  std::optional<double> value;
  double numerator = 0.0;
  double denominator = 0.0;
  int64_t units = 0;
  std::optional<double> target;  // nullopt for a contribution
  std::optional<Status> status;  // nullopt for a contribution (a count below its target level)
  Source source = Source::kNone;
  std::string approval;    // reported: "approved" when every figure is, else "submitted"; "" else
  std::string reason;      // why there is no value, or why there is no status
  int64_t shortfalls = 0;  // per_unit: units falling short
};

struct PlaceIndicators {
  std::string place_code;
  std::string place_name;
  std::string level;
  std::string period;
  std::vector<IndicatorRow> rows;
};

// One indicator at the places one level below a place (a city's counties, a county's towns, a
// town's communities), worst first: what the department workspace and the dashboard colour.
struct BreakdownRow {
  const PlaceInfo* place = nullptr;
  IndicatorRow row;
};
struct Breakdown {
  std::string place_code;
  std::string place_name;
  std::string period;
  const Indicator* indicator = nullptr;
  std::vector<BreakdownRow> rows;
  std::shared_ptr<const PlaceIndex> places;  // keeps the rows' places alive
};

struct TrendPoint {
  std::string period;
  std::optional<double> value;
  double numerator = 0.0;
  double denominator = 0.0;
  std::optional<Status> status;
};

struct ComputeSummary {
  std::string period;
  int64_t indicators = 0;    // computed by a source
  int64_t measurements = 0;  // from all sources
  int64_t figures = 0;       // stored rows (every place and variant)
  int64_t shortfalls = 0;
  int64_t skipped = 0;
};

struct NewReport {
  std::string indicator_id;
  std::string variant;
  std::string place_code;
  std::string period;
  double numerator = 0.0;
  double denominator = 0.0;
  std::string note;
  bool synthetic = false;  // the seeder's
};

// An import of reported figures: the report (problems by row and column) and, without
// problems, what was written (nothing in a dry run). Rows whose numerator and denominator are
// both empty are skipped (the template lists every indicator to report; fill in those you have).
struct ReportImportOutcome : tabular::ImportReport {
  bool written = false;
  int64_t rows = 0;
  int64_t imported = 0;
  int64_t skipped = 0;
};

// The figures behind one row of a report sheet (the PDF's chart draws them).
struct ReportFigure {
  std::optional<double> value;
  std::optional<double> target;
  std::optional<Status> status;  // nullopt for a contribution
};

// One sheet of the monthly progress report: a level's places and their indicators.
struct ReportSheet {
  std::string name;  // the level, e.g. 乡镇（街道）
  tabular::Table table;
  std::vector<ReportFigure> figures;  // one per table row
};

// Rows of one import at most (a county's communities times its reported indicators fit).
inline constexpr size_t kMaxImportRows = 20000;

struct ReportDetail {
  Report report;
  std::vector<ReportStep> steps;
  std::string next_level;  // the level whose approval is awaited ("" when none)
};

class IndicatorService {
 public:
  // REQUIRES: sources, repository, divisions and clock outlive the service.
  IndicatorService(Plan plan, const SourceRegistry& sources, IndicatorRepository& repository,
                   divisions::DivisionService& divisions, const core::Clock& clock);

  const Plan& plan() const { return plan_; }
  const SourceRegistry& sources() const { return sources_; }

  core::Result<ComputeSummary> Compute(std::string_view period);
  // The month of `now` (China time).
  std::string CurrentPeriod() const;

  // period "" = the current month.
  core::Result<PlaceIndicators> ForPlace(std::string_view place_code, std::string_view period,
                                         const access::Caller& caller);
  core::Result<std::vector<TrendPoint>> Trend(std::string_view place_code,
                                              std::string_view indicator_id,
                                              std::string_view variant,
                                              const access::Caller& caller);
  // variant "" = each place's own (the first that applies there).
  core::Result<Breakdown> BreakdownOf(std::string_view indicator_id, std::string_view variant,
                                      std::string_view place_code, std::string_view period,
                                      const access::Caller& caller);
  core::Result<std::vector<UnitShortfall>> Shortfalls(std::string_view place_code,
                                                      std::string_view period,
                                                      std::string_view indicator_id,
                                                      const access::Caller& caller);

  core::Result<Report> Submit(const NewReport& input, const access::Caller& caller);
  // A returned (or not yet approved) figure entered again; its approvals start over.
  core::Result<Report> Resubmit(int64_t id, double numerator, double denominator,
                                std::string_view note, const access::Caller& caller);
  core::Result<Report> Approve(int64_t id, const access::Caller& caller);
  core::Result<Report> Return(int64_t id, std::string_view reason, const access::Caller& caller);
  core::Result<ReportDetail> GetReport(int64_t id, const access::Caller& caller);
  core::Result<std::vector<Report>> Reports(const ReportQuery& query, const access::Caller& caller);
  // The monthly progress report of a place for a month (docs/api.md): a sheet per level — the
  // place itself, the places one level below, and two levels below for a county or a town — each
  // row a place and an indicator (a department's only when `department` is given): the plan's
  // wording, target, deadline, this month's value, last month's, the change, status, source and
  // approval, responsible departments.
  core::Result<std::vector<ReportSheet>> MonthlyReport(std::string_view place_code,
                                                       std::string_view period,
                                                       std::string_view department,
                                                       const access::Caller& caller);
  // The same report as a PDF (report_pdf.cpp, decision 0049-pdf): a title, then a section per
  // level with the sheet's rows, and a chart of the place's values this month against target.
  // FailedPrecondition when the PDF font is not installed.
  core::Result<std::string> MonthlyReportPdf(std::string_view place_code, std::string_view period,
                                             std::string_view department,
                                             const access::Caller& caller);

  // The import template of a place and month: a row per indicator to report there (no module
  // computes it; each variant that applies) with its name and the place's name (read-only
  // columns the import ignores), the figure left empty.
  core::Result<tabular::Table> ImportTemplate(std::string_view place_code, std::string_view period,
                                              const access::Caller& caller);
  // Reported figures from a spreadsheet, all or nothing, on the import kernel: the header, each
  // row on its own (indicator, month, numbers), then against the registry (place in the
  // caller's indicators.report scope, the rules of Submit, one figure per place, month,
  // indicator and variant in the file and among the live ones), written in one transaction
  // with a "submit" step each and one audit record.
  core::Result<ReportImportOutcome> Import(const tabular::Table& table,
                                           const access::Caller& caller,
                                           const tabular::ImportOptions& options);
  static core::Result<std::string> ErrorCopy(const tabular::Table& table,
                                             const tabular::ImportReport& report);

  // Reports awaiting the caller's approval (its level's turn, inside its scope).
  core::Result<std::vector<Report>> AwaitingApproval(const access::Caller& caller);

  // The seeder's synthetic reported figures of these communities (and their towns, counties and
  // the city) from the plan's start through the current month (synthetic_figures.hpp), written
  // in one transaction with one audit record; the number written. 0 when some exist already.
  core::Result<int64_t> SeedSynthetic(const std::vector<std::string>& communities, uint64_t seed);

  // The places of the plan's city (rebuilt when the divisions change).
  core::Result<std::shared_ptr<const PlaceIndex>> Places();

 private:
  // The live reported figures of the whole city for a month, cached (at most
  // kReportedCachePeriods months, each for kReportedCacheMs) until this service writes one.
  core::Result<std::shared_ptr<const ReportedValues>> ReportedFor(const std::string& period);
  void ReportsChanged();
  static constexpr int64_t kReportedCacheMs = 30'000;
  static constexpr size_t kReportedCachePeriods = 8;
  struct ReportedCacheEntry {
    uint64_t generation = 0;
    int64_t loaded_at = 0;
    std::shared_ptr<const ReportedValues> values;
  };
  std::mutex reported_mutex_;
  std::atomic<uint64_t> reports_generation_{0};
  std::map<std::string, ReportedCacheEntry> reported_cache_;

  core::Result<PlaceInfo> PlaceIn(std::string_view code, const core::Scope& scope);
  core::Status CheckReport(const Indicator& indicator, const PlaceInfo& place,
                           std::string_view variant, std::string_view period, double numerator,
                           double denominator, std::string_view note) const;
  core::Status MayApprove(const Report& report, const access::Caller& caller) const;
  core::Result<Report> Find(int64_t id, const access::Caller& caller,
                            access::Permission permission);

  Plan plan_;
  const SourceRegistry& sources_;
  IndicatorRepository& repository_;
  divisions::DivisionService& divisions_;
  const core::Clock& clock_;
  std::mutex places_mutex_;
  std::shared_ptr<const divisions::DivisionTree> places_tree_;  // the tree places_ was built from
  std::shared_ptr<const PlaceIndex> places_;
};

inline constexpr std::string_view kSnapshotJobName = "indicators.snapshot";

// The snapshot job: every day at 02:30 China time the month of the day before (so the 1st
// closes the month that ended) and the current month are computed (merged after a stop).
core::Result<scheduler::Job> SnapshotJob(IndicatorService& service);

}  // namespace linli::indicators
