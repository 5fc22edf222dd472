#include "storage/indicators/indicator_repository.hpp"

#include <string>
#include <utility>
#include <vector>

#include "storage/audit/audit_repository.hpp"
#include "storage/bulk_write.hpp"
#include "storage/scope_sql.hpp"
#include "storage/sql_text.hpp"

namespace linli::storage {

namespace {

using indicators::Figure;
using indicators::IndicatorRepository;
using indicators::Report;
using indicators::ReportQuery;
using indicators::ReportState;
using indicators::ReportStep;
using indicators::UnitShortfall;

constexpr const char* kFigureColumns =
    "period, place_code, indicator_id, variant, numerator, denominator, units, computed_at";

Figure FigureFromRow(const Row& row) {
  Figure figure;
  figure.period = row.Text(0);
  figure.place_code = row.Text(1);
  figure.indicator_id = row.Text(2);
  figure.variant = row.Text(3);
  figure.numerator = row.Double(4);
  figure.denominator = row.Double(5);
  figure.units = row.Int(6);
  figure.computed_at = row.Int(7);
  return figure;
}

constexpr const char* kReportColumns =
    "r.id, r.indicator_id, r.variant, r.place_code, COALESCE(d.name, ''), r.period, r.numerator, "
    "r.denominator, r.note, r.state, r.approved_level, r.return_reason, r.entered_by, "
    "r.entered_by_name, r.entered_at, r.updated_at, r.synthetic";
constexpr const char* kReportFrom =
    " FROM indicator_reports r LEFT JOIN divisions d ON d.code = r.place_code";

Report ReportFromRow(const Row& row) {
  Report report;
  report.id = row.Int(0);
  report.indicator_id = row.Text(1);
  report.variant = row.Text(2);
  report.place_code = row.Text(3);
  report.place_name = row.Text(4);
  report.period = row.Text(5);
  report.numerator = row.Double(6);
  report.denominator = row.Double(7);
  report.note = row.Text(8);
  report.state = indicators::kReportStateNames.From(row.Text(9)).value_or(ReportState::kSubmitted);
  report.approved_level = row.Text(10);
  report.return_reason = row.Text(11);
  report.entered_by = row.Int(12);
  report.entered_by_name = row.Text(13);
  report.entered_at = row.Int(14);
  report.updated_at = row.Int(15);
  report.synthetic = row.Int(16) != 0;
  return report;
}

core::Status InsertStep(Connection& c, int64_t report_id, const ReportStep& step) {
  TRY(c.Query(
      "INSERT INTO indicator_report_steps (report_id, action, level, reason, actor_id, "
      "actor_name, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      {report_id, step.action, step.level, step.reason, step.actor_id, step.actor_name, step.at}));
  return core::Ok();
}

class SqlIndicatorRepository final : public IndicatorRepository {
 public:
  SqlIndicatorRepository(Database& database, const crypto::KeyRing* keys)
      : database_(database), keys_(keys) {}

  core::Status ReplaceSnapshot(std::string_view period,
                               const std::vector<std::string>& indicator_ids,
                               const std::vector<Figure>& figures,
                               const std::vector<UnitShortfall>& shortfalls) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction(*connection, [&](Connection& c) -> core::Status {
      for (const auto& id : indicator_ids) {
        TRY(c.Query("DELETE FROM indicator_figures WHERE period = ? AND indicator_id = ?",
                    {std::string(period), id}));
        TRY(c.Query("DELETE FROM indicator_shortfalls WHERE period = ? AND indicator_id = ?",
                    {std::string(period), id}));
      }
      TRY(InsertRows(c,
                     "indicator_figures (period, place_code, indicator_id, variant, numerator, "
                     "denominator, units, computed_at)",
                     8, figures.size(), [&](size_t i, std::vector<Value>& out) {
                       const Figure& f = figures[i];
                       out.emplace_back(f.period);
                       out.emplace_back(f.place_code);
                       out.emplace_back(f.indicator_id);
                       out.emplace_back(f.variant);
                       out.emplace_back(f.numerator);
                       out.emplace_back(f.denominator);
                       out.emplace_back(f.units);
                       out.emplace_back(f.computed_at);
                     }));
      TRY(InsertRows(c, "indicator_shortfalls (period, indicator_id, place_code, subject)", 4,
                     shortfalls.size(), [&](size_t i, std::vector<Value>& out) {
                       const UnitShortfall& s = shortfalls[i];
                       out.emplace_back(s.period);
                       out.emplace_back(s.indicator_id);
                       out.emplace_back(s.place_code);
                       out.emplace_back(s.subject);
                     }));
      return core::Ok();
    });
  }

  core::Result<std::vector<Figure>> Figures(std::string_view place_code,
                                            std::string_view period) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result,
                     connection->Query(std::string("SELECT ") + kFigureColumns +
                                           " FROM indicator_figures WHERE place_code = ? AND "
                                           "period = ? ORDER BY indicator_id, variant",
                                       {std::string(place_code), std::string(period)}));
    std::vector<Figure> out;
    out.reserve(result.rows.size());
    for (const auto& row : result.rows) out.push_back(FigureFromRow(row));
    return out;
  }

  core::Result<std::vector<Figure>> FiguresOf(std::string_view indicator_id,
                                              std::string_view period,
                                              const std::vector<std::string>& places) override {
    std::vector<Figure> out;
    if (places.empty()) return out;
    std::vector<Value> params = {std::string(indicator_id), std::string(period)};
    const std::string sql = std::string("SELECT ") + kFigureColumns +
                            " FROM indicator_figures WHERE indicator_id = ? AND period = ? AND " +
                            InClause("place_code", places, params);
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query(sql, params));
    out.reserve(result.rows.size());
    for (const auto& row : result.rows) out.push_back(FigureFromRow(row));
    return out;
  }

  core::Result<std::vector<Figure>> Trend(std::string_view place_code,
                                          std::string_view indicator_id) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(
        auto result,
        connection->Query(std::string("SELECT ") + kFigureColumns +
                              " FROM indicator_figures WHERE place_code = ? AND indicator_id = ? "
                              "ORDER BY period, variant LIMIT 2000",
                          {std::string(place_code), std::string(indicator_id)}));
    std::vector<Figure> out;
    for (const auto& row : result.rows) out.push_back(FigureFromRow(row));
    return out;
  }

  core::Result<std::vector<UnitShortfall>> Shortfalls(std::string_view place_prefix,
                                                      std::string_view period,
                                                      std::string_view indicator_id,
                                                      size_t limit) override {
    std::vector<Value> params = {std::string(period), std::string(indicator_id)};
    const std::string sql =
        "SELECT period, indicator_id, place_code, subject FROM indicator_shortfalls WHERE "
        "period = ? AND indicator_id = ? AND " +
        ScopeClause(core::Scope::Of({std::string(place_prefix)}), "place_code", params) +
        " ORDER BY place_code, subject LIMIT " + std::to_string(limit);
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query(sql, params));
    std::vector<UnitShortfall> out;
    for (const auto& row : result.rows) {
      out.push_back(UnitShortfall{row.Text(0), row.Text(1), row.Text(2), row.Text(3)});
    }
    return out;
  }

  core::Result<std::string> LatestPeriod() override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query("SELECT MAX(period) FROM indicator_figures"));
    if (result.rows.empty() || result.rows[0].IsNull(0)) return std::string();
    return result.rows[0].Text(0);
  }

  core::Result<Report> InsertReport(const Report& report, const ReportStep& step,
                                    const audit::AuditEntry& entry) override {
    if (keys_ == nullptr) {
      return core::Error::FailedPrecondition("未配置密钥，无法记录审计日志");
    }
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction<Report>(*connection, [&](Connection& c) -> core::Result<Report> {
      auto inserted = c.Query(
          "INSERT INTO indicator_reports (indicator_id, variant, place_code, period, numerator, "
          "denominator, note, state, approved_level, return_reason, entered_by, entered_by_name, "
          "entered_at, updated_at, synthetic) VALUES (?, ?, ?, ?, ?, ?, ?, 'submitted', '', '', "
          "?, ?, ?, ?, ?) RETURNING id",
          {report.indicator_id, report.variant, report.place_code, report.period, report.numerator,
           report.denominator, report.note, report.entered_by, report.entered_by_name,
           report.entered_at, report.updated_at, int64_t{report.synthetic ? 1 : 0}});
      if (!inserted.ok()) {
        if (inserted.error().code == core::ErrorCode::kAlreadyExists) {
          return core::Error::AlreadyExists(
              "该地区本月的这项指标已有填报（待审核或已审定）；请修改已有的填报", "indicator");
        }
        return inserted.error();
      }
      Report stored = report;
      stored.id = inserted->rows.at(0).Int(0);
      stored.state = ReportState::kSubmitted;
      TRY(InsertStep(c, stored.id, step));
      audit::AuditEntry audited = entry;
      audited.subject_id = std::to_string(stored.id);
      TRY(AppendAuditIn(c, *keys_, audited));
      return stored;
    });
  }

  core::Result<Report> UpdateReport(const Report& report, int64_t expected_updated_at,
                                    const ReportStep& step,
                                    const audit::AuditEntry& entry) override {
    if (keys_ == nullptr) {
      return core::Error::FailedPrecondition("未配置密钥，无法记录审计日志");
    }
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction<Report>(*connection, [&](Connection& c) -> core::Result<Report> {
      auto updated = c.Query(
          "UPDATE indicator_reports SET numerator = ?, denominator = ?, note = ?, state = ?, "
          "approved_level = ?, return_reason = ?, updated_at = ? WHERE id = ? AND updated_at = ? "
          "RETURNING id",
          {report.numerator, report.denominator, report.note,
           std::string(indicators::kReportStateNames.Name(report.state)), report.approved_level,
           report.return_reason, report.updated_at, report.id, expected_updated_at});
      if (!updated.ok()) {
        if (updated.error().code == core::ErrorCode::kAlreadyExists) {
          return core::Error::AlreadyExists("该地区本月的这项指标已有另一条填报；请修改那一条",
                                            "indicator");
        }
        return updated.error();
      }
      if (updated->rows.empty()) {
        return core::Error::FailedPrecondition("这条填报刚被他人处理过，请刷新后再试");
      }
      TRY(InsertStep(c, report.id, step));
      TRY(AppendAuditIn(c, *keys_, entry));
      return report;
    });
  }

  core::Result<std::optional<Report>> FindReport(int64_t id, const core::Scope& scope) override {
    return FindOneInScope(database_,
                          std::string("SELECT ") + kReportColumns + kReportFrom + " WHERE r.id = ?",
                          {id}, scope, "r.place_code", ReportFromRow);
  }

  core::Result<std::vector<Report>> ListReports(const ReportQuery& query,
                                                const core::Scope& scope) override {
    std::vector<Value> params;
    std::string sql = std::string("SELECT ") + kReportColumns + kReportFrom + " WHERE " +
                      ScopeClause(scope, "r.place_code", params);
    if (!query.place_prefix.empty()) {
      sql += " AND " + ScopeClause(core::Scope::Of({query.place_prefix}), "r.place_code", params);
    }
    if (!query.period.empty()) {
      sql += " AND r.period = ?";
      params.emplace_back(query.period);
    }
    if (!query.indicator_id.empty()) {
      sql += " AND r.indicator_id = ?";
      params.emplace_back(query.indicator_id);
    }
    if (query.state) {
      sql += " AND r.state = ?";
      params.emplace_back(std::string(indicators::kReportStateNames.Name(*query.state)));
    }
    sql += " ORDER BY r.updated_at DESC, r.id DESC LIMIT " + std::to_string(query.limit);
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query(sql, params));
    std::vector<Report> out;
    out.reserve(result.rows.size());
    for (const auto& row : result.rows) out.push_back(ReportFromRow(row));
    return out;
  }

  core::Result<std::vector<Report>> LiveReports(std::string_view place_prefix,
                                                std::string_view period) override {
    std::vector<Value> params = {std::string(period)};
    const std::string sql =
        std::string("SELECT ") + kReportColumns + kReportFrom +
        " WHERE r.period = ? AND r.state <> 'returned' AND " +
        ScopeClause(core::Scope::Of({std::string(place_prefix)}), "r.place_code", params) +
        " ORDER BY r.place_code";
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query(sql, params));
    std::vector<Report> out;
    out.reserve(result.rows.size());
    for (const auto& row : result.rows) out.push_back(ReportFromRow(row));
    return out;
  }

  core::Result<std::vector<ReportStep>> Steps(int64_t report_id) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result,
                     connection->Query("SELECT report_id, action, level, reason, actor_id, "
                                       "actor_name, at FROM indicator_report_steps WHERE "
                                       "report_id = ? ORDER BY id",
                                       {report_id}));
    std::vector<ReportStep> out;
    for (const auto& row : result.rows) {
      out.push_back(ReportStep{row.Int(0), row.Text(1), row.Text(2), row.Text(3), row.Int(4),
                               row.Text(5), row.Int(6)});
    }
    return out;
  }

  core::Result<int64_t> InsertReports(const std::vector<Report>& reports,
                                      const std::optional<ReportStep>& step,
                                      const audit::AuditEntry& entry) override {
    if (keys_ == nullptr) {
      return core::Error::FailedPrecondition("未配置密钥，无法记录审计日志");
    }
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction<int64_t>(*connection, [&](Connection& c) -> core::Result<int64_t> {
      std::vector<int64_t> ids;
      if (step) {
        ASSIGN_OR_RETURN(ids, ReserveIds(c, "indicator_reports", reports.size()));
      }
      auto inserted = InsertRows(
          c,
          step ? "indicator_reports (id, indicator_id, variant, place_code, period, numerator, "
                 "denominator, note, state, approved_level, return_reason, entered_by, "
                 "entered_by_name, entered_at, updated_at, synthetic)"
               : "indicator_reports (indicator_id, variant, place_code, period, numerator, "
                 "denominator, note, state, approved_level, return_reason, entered_by, "
                 "entered_by_name, entered_at, updated_at, synthetic)",
          step ? 16 : 15, reports.size(),
          [&](size_t i, std::vector<Value>& out) {
            const Report& r = reports[i];
            if (step) out.emplace_back(ids[i]);
            out.emplace_back(r.indicator_id);
            out.emplace_back(r.variant);
            out.emplace_back(r.place_code);
            out.emplace_back(r.period);
            out.emplace_back(r.numerator);
            out.emplace_back(r.denominator);
            out.emplace_back(r.note);
            out.emplace_back(std::string(indicators::kReportStateNames.Name(r.state)));
            out.emplace_back(r.approved_level);
            out.emplace_back(r.return_reason);
            out.emplace_back(r.entered_by);
            out.emplace_back(r.entered_by_name);
            out.emplace_back(r.entered_at);
            out.emplace_back(r.updated_at);
            out.emplace_back(int64_t{r.synthetic ? 1 : 0});
          },
          step ? "" : "ON CONFLICT DO NOTHING");
      if (!inserted.ok()) {
        if (inserted.error().code == core::ErrorCode::kAlreadyExists) {
          return core::Error::AlreadyExists(
              "有地区本月的同一指标已有填报（刚被他人填报）；请刷新后重新导入", "indicator");
        }
        return inserted.error();
      }
      if (step) {
        TRY(InsertRows(
            c,
            "indicator_report_steps (report_id, action, level, reason, actor_id, "
            "actor_name, at)",
            7, ids.size(),
            [&](size_t i, std::vector<Value>& out) {
              out.emplace_back(ids[i]);
              out.emplace_back(step->action);
              out.emplace_back(step->level);
              out.emplace_back(step->reason);
              out.emplace_back(step->actor_id);
              out.emplace_back(step->actor_name);
              out.emplace_back(step->at);
            },
            ""));
      }
      TRY(AppendAuditIn(c, *keys_, entry));
      return *inserted;
    });
  }

  core::Result<std::vector<std::string>> LiveKeys(
      const std::vector<std::string>& places, const std::vector<std::string>& periods) override {
    std::vector<std::string> out;
    if (places.empty() || periods.empty()) return out;
    std::vector<Value> params;
    std::string sql =
        "SELECT place_code, period, indicator_id, variant FROM indicator_reports WHERE state <> "
        "'returned' AND " +
        InClause("place_code", places, params);
    sql += " AND " + InClause("period", periods, params);
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query(sql, params));
    for (const auto& row : result.rows) {
      out.push_back(row.Text(0) + "|" + row.Text(1) + "|" + row.Text(2) + "|" + row.Text(3));
    }
    return out;
  }

  core::Result<bool> HasSyntheticReports() override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(
        auto result,
        connection->Query("SELECT 1 FROM indicator_reports WHERE synthetic = 1 LIMIT 1"));
    return !result.rows.empty();
  }

 private:
  Database& database_;
  const crypto::KeyRing* keys_;
};

}  // namespace

std::unique_ptr<indicators::IndicatorRepository> MakeSqlIndicatorRepository(
    Database& database, const crypto::KeyRing* keys) {
  return std::make_unique<SqlIndicatorRepository>(database, keys);
}

}  // namespace linli::storage
