#include "storage/care/eligibility_repository.hpp"

#include <string>
#include <utility>
#include <vector>

#include "core/identity/date.hpp"
#include "storage/audit/audit_repository.hpp"
#include "storage/bulk_write.hpp"
#include "storage/keyset.hpp"
#include "storage/scope_sql.hpp"
#include "storage/sql_text.hpp"

namespace linli::storage {

namespace {

using care::Condition;
using care::Fact;
using care::Finding;
using care::Op;

constexpr const char* kGone = "('deceased', 'moved_out')";

// The birth date before or on which a person is at least `years` old on `date` (a 29 February
// birthday counts from 1 March in common years, as the ID-number age does).
std::string BornBy(std::string_view date, int64_t years) {
  auto parsed = identity::ParseDate(date);
  if (!parsed.ok()) return std::string(date);
  identity::Date d = *parsed;
  d.year -= static_cast<int>(years);
  d.day = std::min(d.day, identity::DaysInMonth(d.year, d.month));
  return identity::FormatDate(d);
}

std::string Comparison(Op op) {
  switch (op) {
    case Op::kGe:
      return ">=";
    case Op::kLe:
      return "<=";
    case Op::kGt:
      return ">";
    case Op::kLt:
      return "<";
    default:
      return "=";
  }
}

std::string TagValidOn(std::vector<Value>& params, std::string_view date) {
  params.emplace_back(std::string(date));
  params.emplace_back(std::string(date));
  return "t.valid_from <= ? AND (t.valid_until IS NULL OR t.valid_until > ?)";
}

}  // namespace

std::string ConditionSql(const Condition& c, std::string_view date, std::vector<Value>& params) {
  switch (c.kind) {
    case Condition::Kind::kAll:
    case Condition::Kind::kAny: {
      std::string out = "(";
      for (size_t i = 0; i < c.children.size(); ++i) {
        if (i > 0) out += c.kind == Condition::Kind::kAll ? " AND " : " OR ";
        out += ConditionSql(c.children[i], date, params);
      }
      return out + ")";
    }
    case Condition::Kind::kNot:
      return "(NOT " + ConditionSql(c.children.at(0), date, params) + ")";
    case Condition::Kind::kTest:
      break;
  }
  switch (c.fact) {
    case Fact::kAge: {
      // Ages in whole years on `date`, through the birth date (the index residents_birth).
      auto at_least = [&](int64_t years) {
        params.emplace_back(BornBy(date, years));
        return std::string("r.birth_date <= ?");
      };
      auto below = [&](int64_t years) {
        params.emplace_back(BornBy(date, years));
        return std::string("r.birth_date > ?");
      };
      switch (c.op) {
        case Op::kGe:
          return at_least(c.number);
        case Op::kGt:
          return at_least(c.number + 1);
        case Op::kLt:
          return below(c.number);
        case Op::kLe:
          return below(c.number + 1);
        default: {
          std::string out = "(" + at_least(c.number);
          return out + " AND " + below(c.number + 1) + ")";
        }
      }
    }
    case Fact::kSex:
      return InClause("r.sex", c.values, params);
    case Fact::kStatus:
      return InClause("r.status", c.values, params);
    case Fact::kTag: {
      // An IN over the tag index: SQLite drives the lookup of residents by it when it stands in
      // a top-level AND, and tests membership elsewhere.
      params.emplace_back(c.values.at(0));
      std::string out =
          "r.id IN (SELECT t.resident_id FROM resident_tags t WHERE t.tag_code = ? AND ";
      return out + TagValidOn(params, date) + ")";
    }
    case Fact::kDisabilityGrade: {
      std::string out =
          "r.id IN (SELECT t.resident_id FROM resident_tags t WHERE t.tag_code = 'disability' AND "
          "t.grade " +
          Comparison(c.op) + " ?";
      params.emplace_back(c.number);
      return out + " AND " + TagValidOn(params, date) + ")";
    }
    case Fact::kCategory:
      params.emplace_back(c.values.at(0));
      return "r.id IN (SELECT a.resident_id FROM care_archives a WHERE a.category = ? AND "
             "a.status = 'open')";
  }
  return "1=0";
}

namespace {

const std::string kFindingColumns =
    "f.id, f.resident_id, r.name, f.place_code, COALESCE(d.name, '') || CASE WHEN gr.name IS NULL "
    "THEN '' ELSE ' · ' || gr.name END, f.benefit, f.kind, f.status, f.found_on, f.outcome_note, "
    "f.worker_id, f.worker_name, f.updated_at, f.synthetic";
constexpr const char* kFindingFrom =
    " FROM care_findings f JOIN residents r ON r.id = f.resident_id LEFT JOIN divisions d ON "
    "d.code = substr(f.place_code, 1, 12) LEFT JOIN grids gr ON gr.code = f.place_code";

Finding FindingFrom(const Row& row) {
  Finding f;
  f.id = row.Int(0);
  f.resident_id = row.Int(1);
  f.resident_name = row.Text(2);
  f.place_code = row.Text(3);
  f.place_name = row.Text(4);
  f.benefit = row.Text(5);
  f.kind = care::kFindingKindNames.From(row.Text(6)).value_or(care::FindingKind::kEligible);
  f.status = care::kFindingStatusNames.From(row.Text(7)).value_or(care::FindingStatus::kOpen);
  f.found_on = row.Text(8);
  f.outcome_note = row.Text(9);
  f.worker_id = row.IsNull(10) ? std::nullopt : std::optional<int64_t>(row.Int(10));
  f.worker_name = row.Text(11);
  f.updated_at = row.Int(12);
  f.synthetic = row.Int(13) != 0;
  return f;
}

// " AND r.id IN (?, …)" restricting a run to the residents a signal names ("" for everyone).
std::string Restriction(const std::vector<int64_t>& residents, std::string_view column,
                        std::vector<Value>& params) {
  if (residents.empty()) return "";
  std::string out = " AND " + std::string(column) + " IN (";
  for (size_t i = 0; i < residents.size(); ++i) {
    out += i == 0 ? "?" : ", ?";
    params.emplace_back(residents[i]);
  }
  return out + ")";
}

// A worker decided on this person, benefit and kind within the last year: not found again.
std::string RecentlyDecided(std::string_view kind, std::string_view resident, std::string_view date,
                            std::vector<Value>& params) {
  auto parsed = identity::ParseDate(date);
  std::string year_ago(date);
  if (parsed.ok())
    year_ago =
        identity::FormatDate(identity::CivilFromDays(identity::DaysFromCivil(*parsed) - 365));
  params.emplace_back(year_ago);
  return "EXISTS (SELECT 1 FROM care_findings x WHERE x.resident_id = " + std::string(resident) +
         " AND x.benefit = f_benefit.code AND x.kind = '" + std::string(kind) +
         "' AND x.status IN ('applied', 'declined', 'not_eligible', 'enrolled', 'stopped') AND "
         "x.decided_on > ?)";
}

class SqlEligibilityRepository final : public care::EligibilityRepository {
 public:
  SqlEligibilityRepository(Database& database, const crypto::KeyRing* keys)
      : database_(database), keys_(keys) {}

  core::Result<std::vector<care::RunCounts>> Run(const std::vector<care::Benefit>& benefits,
                                                 std::string_view date, int64_t now,
                                                 const std::vector<int64_t>& residents) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    std::vector<care::RunCounts> out;
    for (const auto& benefit : benefits) {
      ASSIGN_OR_RETURN(auto counts,
                       InTransaction<care::RunCounts>(
                           *connection, [&](Connection& c) -> core::Result<care::RunCounts> {
                             return RunOne(c, benefit, date, now, residents);
                           }));
      out.push_back(std::move(counts));
    }
    return out;
  }

  core::Result<int64_t> CountMatching(const Condition& condition, std::string_view date) override {
    std::vector<Value> params;
    const std::string sql = std::string("SELECT COUNT(*) FROM residents r WHERE r.status NOT IN ") +
                            kGone + " AND " + ConditionSql(condition, date, params);
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query(sql, params));
    return result.rows.at(0).Int(0);
  }

  core::Result<std::vector<bool>> Matching(const std::vector<const Condition*>& conditions,
                                           std::string_view date, int64_t resident_id) override {
    std::vector<bool> out;
    if (conditions.empty()) return out;
    // One statement: a column per condition.
    std::vector<Value> params;
    std::string sql = "SELECT ";
    for (size_t i = 0; i < conditions.size(); ++i) {
      sql += (i ? ", " : "") + std::string("CASE WHEN ") +
             ConditionSql(*conditions[i], date, params) + " THEN 1 ELSE 0 END";
    }
    sql += " FROM residents r WHERE r.id = ?";
    params.emplace_back(resident_id);
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query(sql, params));
    out.assign(conditions.size(), false);
    if (result.rows.empty()) return out;
    for (size_t i = 0; i < conditions.size(); ++i) out[i] = result.rows[0].Int(i) != 0;
    return out;
  }

  core::Result<core::Page<Finding>> List(const care::FindingQuery& query,
                                         const core::Scope& scope) override {
    std::vector<Value> params;
    std::string sql = "SELECT " + kFindingColumns + kFindingFrom + " WHERE " +
                      ScopeClause(scope, "f.place_code", params);
    if (!query.place_prefix.empty()) {
      sql += " AND " + ScopeClause(core::Scope::Of({query.place_prefix}), "f.place_code", params);
    }
    if (!query.benefit.empty()) {
      sql += " AND f.benefit = ?";
      params.emplace_back(query.benefit);
    }
    if (query.kind) {
      sql += " AND f.kind = ?";
      params.emplace_back(std::string(care::kFindingKindNames.Name(*query.kind)));
    }
    if (query.status) {
      sql += " AND f.status = ?";
      params.emplace_back(std::string(care::kFindingStatusNames.Name(*query.status)));
    }
    return KeysetPage(database_, std::move(sql), std::move(params), Keyset::ById("f.id"),
                      query.page, FindingFrom, [](const Finding& f) { return f.id; });
  }

  core::Result<std::optional<Finding>> Find(int64_t id, const core::Scope& scope) override {
    return FindOneInScope(database_, "SELECT " + kFindingColumns + kFindingFrom + " WHERE f.id = ?",
                          {id}, scope, "f.place_code", FindingFrom);
  }

  core::Result<bool> RecordOutcome(const Finding& finding, std::string_view date,
                                   const audit::AuditEntry& entry) override {
    if (keys_ == nullptr) {
      return core::Error::FailedPrecondition("未配置密钥，无法记录审计日志");
    }
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction<bool>(*connection, [&](Connection& c) -> core::Result<bool> {
      ASSIGN_OR_RETURN(
          auto updated,
          c.Query(
              "UPDATE care_findings SET status = ?, decided_on = ?, outcome_note = ?, "
              "worker_id = ?, worker_name = ?, updated_at = ? WHERE id = ? AND status = 'open' "
              "RETURNING id",
              {std::string(care::kFindingStatusNames.Name(finding.status)), std::string(date),
               finding.outcome_note, finding.worker_id ? Value(*finding.worker_id) : Value(Null{}),
               finding.worker_name, finding.updated_at, finding.id}));
      if (updated.rows.empty()) return false;
      if (finding.status == care::FindingStatus::kEnrolled) {
        TRY(
            c.Query("INSERT INTO care_enrolments (resident_id, benefit, since_on) VALUES (?, ?, ?) "
                    "ON CONFLICT DO NOTHING",
                    {finding.resident_id, finding.benefit, std::string(date)}));
      } else if (finding.status == care::FindingStatus::kStopped) {
        TRY(
            c.Query("UPDATE care_enrolments SET until_on = ? WHERE resident_id = ? AND benefit = ? "
                    "AND until_on = ''",
                    {std::string(date), finding.resident_id, finding.benefit}));
      }
      TRY(AppendAuditIn(c, *keys_, entry));
      return true;
    });
  }

  core::Result<int64_t> CountOpenFindings(const std::vector<int64_t>& residents) override {
    if (residents.empty()) return int64_t{0};
    std::vector<Value> params;
    const std::string sql = "SELECT COUNT(*) FROM care_findings WHERE status = 'open'" +
                            Restriction(residents, "resident_id", params);
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query(sql, params));
    return result.rows.at(0).Int(0);
  }

  core::Result<std::vector<care::ContactFigures>> ContactFiguresOf(
      std::string_view found_by, std::string_view decided_by) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(
        auto result,
        connection->Query("SELECT substr(place_code, 1, 12), COUNT(*), SUM(CASE WHEN status <> "
                          "'open' AND decided_on <> '' AND decided_on <= ? THEN 1 ELSE 0 END) "
                          "FROM care_findings WHERE found_on <= ? AND status <> 'resolved' "
                          "GROUP BY substr(place_code, 1, 12) ORDER BY 1",
                          {std::string(decided_by), std::string(found_by)}));
    std::vector<care::ContactFigures> out;
    out.reserve(result.rows.size());
    for (const auto& row : result.rows) out.push_back({row.Text(0), row.Int(1), row.Int(2)});
    return out;
  }

  core::Result<int64_t> InsertSignals(const std::vector<care::Signal>& signals,
                                      const audit::AuditEntry& entry) override {
    if (keys_ == nullptr) {
      return core::Error::FailedPrecondition("未配置密钥，无法记录审计日志");
    }
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction<int64_t>(*connection, [&](Connection& c) -> core::Result<int64_t> {
      ASSIGN_OR_RETURN(int64_t written,
                       InsertRows(
                           c,
                           "care_signals (resident_id, place_code, kind, signal_on, source, note, "
                           "imported_by, imported_by_name, imported_at)",
                           9, signals.size(),
                           [&](size_t i, std::vector<Value>& out) {
                             const care::Signal& s = signals[i];
                             out.emplace_back(s.resident_id);
                             out.emplace_back(s.place_code);
                             out.emplace_back(std::string(care::kSignalKindNames.Name(s.kind)));
                             out.emplace_back(s.signal_on);
                             out.emplace_back(s.source);
                             out.emplace_back(s.note);
                             out.emplace_back(s.imported_by);
                             out.emplace_back(s.imported_by_name);
                             out.emplace_back(s.imported_at);
                           },
                           ""));
      TRY(AppendAuditIn(c, *keys_, entry));
      return written;
    });
  }

  core::Result<std::vector<care::Signal>> ListSignals(const std::string& place_prefix,
                                                      const core::Scope& scope,
                                                      size_t limit) override {
    std::vector<Value> params;
    std::string sql =
        "SELECT s.id, s.resident_id, r.name, s.place_code, COALESCE(d.name, '') || CASE WHEN "
        "gr.name IS NULL THEN '' ELSE ' · ' || gr.name END, s.kind, s.signal_on, s.source, "
        "s.note, s.imported_by, s.imported_by_name, s.imported_at FROM care_signals s JOIN "
        "residents r ON r.id = s.resident_id LEFT JOIN divisions d ON d.code = "
        "substr(s.place_code, 1, 12) LEFT JOIN grids gr ON gr.code = s.place_code WHERE " +
        ScopeClause(scope, "s.place_code", params);
    if (!place_prefix.empty()) {
      sql += " AND " + ScopeClause(core::Scope::Of({place_prefix}), "s.place_code", params);
    }
    sql += " ORDER BY s.id DESC LIMIT " + std::to_string(limit);
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query(sql, params));
    std::vector<care::Signal> out;
    for (const auto& row : result.rows) {
      care::Signal s;
      s.id = row.Int(0);
      s.resident_id = row.Int(1);
      s.resident_name = row.Text(2);
      s.place_code = row.Text(3);
      s.place_name = row.Text(4);
      s.kind = care::kSignalKindNames.From(row.Text(5)).value_or(care::SignalKind::kOther);
      s.signal_on = row.Text(6);
      s.source = row.Text(7);
      s.note = row.Text(8);
      s.imported_by = row.Int(9);
      s.imported_by_name = row.Text(10);
      s.imported_at = row.Int(11);
      out.push_back(std::move(s));
    }
    return out;
  }

  core::Result<std::vector<care::Enrolment>> EnrolmentsOf(int64_t resident_id) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result,
                     connection->Query("SELECT resident_id, benefit, since_on, until_on FROM "
                                       "care_enrolments WHERE resident_id = ? ORDER BY id",
                                       {resident_id}));
    std::vector<care::Enrolment> out;
    for (const auto& row : result.rows) {
      out.push_back({row.Int(0), row.Text(1), row.Text(2), row.Text(3)});
    }
    return out;
  }

  core::Result<int64_t> EnrolSynthetic(const std::vector<care::Benefit>& benefits,
                                       std::string_view date, double share,
                                       uint64_t seed) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction<int64_t>(*connection, [&](Connection& c) -> core::Result<int64_t> {
      int64_t written = 0;
      for (const auto& benefit : benefits) {
        std::vector<Value> params = {benefit.code, std::string(date)};
        std::string sql =
            "INSERT INTO care_enrolments (resident_id, benefit, since_on, synthetic) SELECT r.id, "
            "?, ?, 1 FROM residents r WHERE r.synthetic = 1 AND r.status NOT IN " +
            std::string(kGone) + " AND " + ConditionSql(benefit.when, date, params);
        sql += " AND (r.id * 7919 + ?) % 1000 < ? ON CONFLICT DO NOTHING";
        params.emplace_back(static_cast<int64_t>(seed % 1000003));
        params.emplace_back(static_cast<int64_t>(share * 1000));
        ASSIGN_OR_RETURN(auto inserted, c.Query(sql, params));
        written += inserted.affected_rows;
      }
      return written;
    });
  }

 private:
  core::Result<care::RunCounts> RunOne(Connection& c, const care::Benefit& benefit,
                                       std::string_view date, int64_t now,
                                       const std::vector<int64_t>& residents) {
    care::RunCounts counts;
    counts.benefit = benefit.code;
    const std::string gone(kGone);
    // The benefit as a one-row table, so that the correlated parts name it once.
    const std::string with_benefit = "(SELECT CAST(? AS TEXT) AS code) f_benefit";
    {
      // 1. People the rule finds, alive, not enrolled, not decided on within the year.
      std::vector<Value> params = {std::string(date), now, benefit.code};
      std::string sql =
          "INSERT INTO care_findings (resident_id, benefit, kind, place_code, status, found_on, "
          "updated_at, synthetic) SELECT r.id, f_benefit.code, 'eligible', r.place_code, 'open', "
          "?, ?, r.synthetic FROM " +
          with_benefit + ", residents r WHERE r.status NOT IN " + gone + " AND ";
      sql += ConditionSql(benefit.when, date, params);
      sql +=
          " AND NOT EXISTS (SELECT 1 FROM care_enrolments e WHERE e.resident_id = r.id AND "
          "e.benefit = f_benefit.code AND e.until_on = '') AND NOT ";
      sql += RecentlyDecided("eligible", "r.id", date, params);
      sql += Restriction(residents, "r.id", params);
      sql += " ON CONFLICT DO NOTHING";
      TRY(c.Query(sql, params));
    }
    {
      // 2. People enrolled whom the rule no longer finds (or who died or left).
      std::vector<Value> params = {std::string(date), now, benefit.code};
      std::string sql =
          "INSERT INTO care_findings (resident_id, benefit, kind, place_code, status, found_on, "
          "updated_at, synthetic) SELECT r.id, f_benefit.code, 'no_longer_eligible', "
          "r.place_code, 'open', ?, ?, r.synthetic FROM " +
          with_benefit +
          ", care_enrolments e JOIN residents r ON r.id = e.resident_id WHERE e.benefit = "
          "f_benefit.code AND e.until_on = '' AND (r.status IN " +
          gone + " OR NOT ";
      sql += ConditionSql(benefit.when, date, params);
      sql += ") AND NOT ";
      sql += RecentlyDecided("no_longer_eligible", "r.id", date, params);
      sql += Restriction(residents, "r.id", params);
      sql += " ON CONFLICT DO NOTHING";
      TRY(c.Query(sql, params));
    }
    {
      // 3. Open findings the rules no longer find are resolved.
      std::vector<Value> params = {now, benefit.code};
      std::string sql =
          "UPDATE care_findings SET status = 'resolved', updated_at = ? WHERE status = 'open' AND "
          "benefit = ? AND ((kind = 'eligible' AND NOT EXISTS (SELECT 1 FROM " +
          with_benefit +
          ", residents r WHERE r.id = care_findings.resident_id AND r.status NOT IN " + gone +
          " AND ";
      params.emplace_back(benefit.code);
      sql += ConditionSql(benefit.when, date, params);
      sql +=
          " AND NOT EXISTS (SELECT 1 FROM care_enrolments e WHERE e.resident_id = r.id AND "
          "e.benefit = f_benefit.code AND e.until_on = ''))) OR (kind = 'no_longer_eligible' "
          "AND NOT EXISTS (SELECT 1 FROM " +
          with_benefit +
          ", care_enrolments e JOIN residents r ON r.id = e.resident_id WHERE e.resident_id = "
          "care_findings.resident_id AND e.benefit = f_benefit.code AND e.until_on = '' AND "
          "(r.status IN " +
          gone + " OR NOT ";
      params.emplace_back(benefit.code);
      sql += ConditionSql(benefit.when, date, params);
      sql += "))))";
      sql += Restriction(residents, "resident_id", params);
      ASSIGN_OR_RETURN(auto resolved, c.Query(sql, params));
      counts.resolved = resolved.affected_rows;
    }
    ASSIGN_OR_RETURN(auto totals,
                     c.Query("SELECT kind, COUNT(*) FROM care_findings WHERE status = 'open' AND "
                             "benefit = ? GROUP BY kind",
                             {benefit.code}));
    for (const auto& row : totals.rows) {
      if (row.Text(0) == "eligible") counts.eligible = row.Int(1);
      if (row.Text(0) == "no_longer_eligible") counts.no_longer_eligible = row.Int(1);
    }
    return counts;
  }

  Database& database_;
  const crypto::KeyRing* keys_;
};

}  // namespace

std::unique_ptr<care::EligibilityRepository> MakeSqlEligibilityRepository(
    Database& database, const crypto::KeyRing* keys) {
  return std::make_unique<SqlEligibilityRepository>(database, keys);
}

}  // namespace linli::storage
