#include "storage/care/mandatory_report_repository.hpp"

#include <string>
#include <vector>

#include "storage/audit/audit_repository.hpp"
#include "storage/keyset.hpp"
#include "storage/scope_sql.hpp"
#include "storage/values.hpp"

namespace linli::storage {

namespace {

using care::MandatoryReport;

constexpr const char* kColumns =
    "m.id, m.receipt_code, m.reporter_id, m.reporter_name, m.institution, m.contact_phone, "
    "m.place_code, COALESCE(d.name, ''), m.kind, m.urgent, m.child_name, m.child_age, "
    "m.child_address, m.description, m.status, m.filed_at, m.acknowledge_due_at, "
    "m.close_due_at, m.acknowledged_at, m.acknowledged_by_name, m.closed_at, m.closed_by_name, "
    "m.outcome, m.referral, m.escalations";
constexpr const char* kFrom =
    " FROM mandatory_reports m LEFT JOIN divisions d ON d.code = m.place_code";

MandatoryReport ReportFrom(const Row& row) {
  MandatoryReport r;
  r.id = row.Int(0);
  r.receipt_code = row.Text(1);
  r.reporter_id = row.Int(2);
  r.reporter_name = row.Text(3);
  r.institution = row.Text(4);
  r.contact_phone = row.Text(5);
  r.place_code = row.Text(6);
  r.place_name = row.Text(7);
  r.kind = care::kHarmKindNames.From(row.Text(8)).value_or(care::HarmKind::kOther);
  r.urgent = row.Int(9) != 0;
  r.child_name = row.Text(10);
  r.child_age = IntOrNullopt(row, 11);
  r.child_address = row.Text(12);
  r.description = row.Text(13);
  r.status = care::kReportStatusNames.From(row.Text(14)).value_or(care::ReportStatus::kReceived);
  r.filed_at = row.Int(15);
  r.acknowledge_due_at = row.Int(16);
  r.close_due_at = row.Int(17);
  r.acknowledged_at = IntOrNullopt(row, 18);
  r.acknowledged_by_name = row.Text(19);
  r.closed_at = IntOrNullopt(row, 20);
  r.closed_by_name = row.Text(21);
  r.outcome = row.Text(22);
  r.referral = care::kReferralNames.From(row.Text(23)).value_or(care::Referral::kNone);
  r.escalations = static_cast<int>(row.Int(24));
  return r;
}

// QZBG-YYYYMMDD-NNNNNN: the China date of filing and the id.
std::string ReceiptCode(int64_t filed_at, int64_t id) {
  const int64_t days = (filed_at + 8 * 3'600'000) / 86'400'000;
  // Civil from days (Howard Hinnant's algorithm).
  const int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t day = doy - (153 * mp + 2) / 5 + 1;
  const int64_t month = mp < 10 ? mp + 3 : mp - 9;
  const int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  char text[40];
  std::snprintf(text, sizeof text, "QZBG-%04lld%02lld%02lld-%06lld", static_cast<long long>(year),
                static_cast<long long>(month), static_cast<long long>(day),
                static_cast<long long>(id % 1'000'000));
  return text;
}

core::Result<std::vector<int64_t>> Ids(Connection& c, const std::string& sql,
                                       std::vector<Value> params) {
  ASSIGN_OR_RETURN(auto result, c.Query(sql, params));
  std::vector<int64_t> out;
  for (const auto& row : result.rows) out.push_back(row.Int(0));
  return out;
}

class SqlMandatoryReportRepository final : public care::MandatoryReportRepository {
 public:
  SqlMandatoryReportRepository(Database& database, const crypto::KeyRing* keys)
      : database_(database), keys_(keys) {}

  core::Result<MandatoryReport> Insert(const MandatoryReport& r,
                                       const audit::AuditEntry& entry) override {
    if (keys_ == nullptr) {
      return core::Error::FailedPrecondition("未配置密钥，无法记录审计日志");
    }
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction<MandatoryReport>(
        *connection, [&](Connection& c) -> core::Result<MandatoryReport> {
          ASSIGN_OR_RETURN(
              auto inserted,
              c.Query("INSERT INTO mandatory_reports (reporter_id, reporter_name, institution, "
                      "contact_phone, place_code, kind, urgent, child_name, child_age, "
                      "child_address, description, status, filed_at, acknowledge_due_at, "
                      "close_due_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'received', ?, ?, "
                      "?) RETURNING id",
                      {r.reporter_id, r.reporter_name, r.institution, r.contact_phone, r.place_code,
                       std::string(care::kHarmKindNames.Name(r.kind)), int64_t{r.urgent ? 1 : 0},
                       r.child_name, OptionalInt(r.child_age), r.child_address, r.description,
                       r.filed_at, r.acknowledge_due_at, r.close_due_at}));
          MandatoryReport stored = r;
          stored.id = inserted.rows.at(0).Int(0);
          stored.receipt_code = ReceiptCode(r.filed_at, stored.id);
          TRY(c.Query("UPDATE mandatory_reports SET receipt_code = ? WHERE id = ?",
                      {stored.receipt_code, stored.id}));
          audit::AuditEntry audited = entry;
          audited.subject_id = std::to_string(stored.id);
          TRY(AppendAuditIn(c, *keys_, audited));
          return stored;
        });
  }

  core::Result<std::optional<MandatoryReport>> Find(int64_t id, const core::Scope& scope) override {
    return FindOneInScope(database_, std::string("SELECT ") + kColumns + kFrom + " WHERE m.id = ?",
                          {id}, scope, "m.place_code", ReportFrom);
  }

  core::Result<core::Page<MandatoryReport>> List(const care::ReportQuery& query,
                                                 const core::Scope& scope) override {
    std::vector<Value> params;
    std::string sql = std::string("SELECT ") + kColumns + kFrom + " WHERE ";
    sql += ScopeClause(scope, "m.place_code", params);
    if (!query.place_prefix.empty()) {
      sql += " AND " + ScopeClause(core::Scope::Of({query.place_prefix}), "m.place_code", params);
    }
    if (query.status) {
      sql += " AND m.status = ?";
      params.emplace_back(std::string(care::kReportStatusNames.Name(*query.status)));
    }
    if (query.overdue_only) {
      sql +=
          " AND ((m.status = 'received' AND m.acknowledge_due_at <= ?) OR (m.status = "
          "'acknowledged' AND m.close_due_at <= ?))";
      params.emplace_back(query.now);
      params.emplace_back(query.now);
    }
    return KeysetPage(database_, std::move(sql), std::move(params),
                      Keyset::ById("m.id", SortOrder::kDescending), query.page, ReportFrom,
                      [](const MandatoryReport& m) { return m.id; });
  }

  core::Result<std::vector<MandatoryReport>> OfReporter(int64_t reporter_id,
                                                        size_t limit) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result,
                     connection->Query(std::string("SELECT ") + kColumns + kFrom +
                                           " WHERE m.reporter_id = ? ORDER BY m.id DESC LIMIT " +
                                           std::to_string(limit),
                                       {reporter_id}));
    std::vector<MandatoryReport> out;
    for (const auto& row : result.rows) out.push_back(ReportFrom(row));
    return out;
  }

  core::Result<bool> Update(const MandatoryReport& r, care::ReportStatus from,
                            const audit::AuditEntry& entry) override {
    if (keys_ == nullptr) {
      return core::Error::FailedPrecondition("未配置密钥，无法记录审计日志");
    }
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction<bool>(*connection, [&](Connection& c) -> core::Result<bool> {
      ASSIGN_OR_RETURN(
          auto updated,
          c.Query("UPDATE mandatory_reports SET status = ?, acknowledged_at = ?, "
                  "acknowledged_by_name = ?, closed_at = ?, closed_by_name = ?, outcome = ?, "
                  "referral = ? WHERE id = ? AND status = ? RETURNING id",
                  {std::string(care::kReportStatusNames.Name(r.status)),
                   OptionalInt(r.acknowledged_at), r.acknowledged_by_name, OptionalInt(r.closed_at),
                   r.closed_by_name, r.outcome, std::string(care::kReferralNames.Name(r.referral)),
                   r.id, std::string(care::kReportStatusNames.Name(from))}));
      if (updated.rows.empty()) return false;
      TRY(AppendAuditIn(c, *keys_, entry));
      return true;
    });
  }

  core::Result<std::optional<std::string>> CommunityName(const std::string& code) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result,
                     connection->Query("SELECT name FROM divisions WHERE code = ? AND level = "
                                       "'community'",
                                       {code}));
    if (result.rows.empty()) return std::optional<std::string>();
    return std::optional<std::string>(result.rows[0].Text(0));
  }

  core::Result<std::vector<int64_t>> Handlers(const std::string& community) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return Ids(*connection,
               "SELECT DISTINCT g.account_id FROM account_grants g JOIN accounts a ON a.id = "
               "g.account_id WHERE a.disabled = 0 AND ((g.role = 'community_worker' AND "
               "g.scope_code = ? AND g.duty = 'children_director') OR (g.role = "
               "'county_official' AND g.scope_code = ?)) ORDER BY g.account_id",
               {community, community.substr(0, 6)});
  }

  core::Result<std::vector<int64_t>> CountyOfficers(const std::string& community) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return Ids(*connection,
               "SELECT DISTINCT g.account_id FROM account_grants g JOIN accounts a ON a.id = "
               "g.account_id WHERE a.disabled = 0 AND g.role = 'county_official' AND "
               "g.scope_code = ? ORDER BY g.account_id",
               {community.substr(0, 6)});
  }

  core::Result<std::vector<MandatoryReport>> PastDeadline(int64_t now) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(
        auto result,
        connection->Query(std::string("SELECT ") + kColumns + kFrom +
                              " WHERE (m.status = 'received' AND m.acknowledge_due_at <= ? AND "
                              "m.escalations < 1) OR (m.status = 'acknowledged' AND "
                              "m.close_due_at <= ? AND m.escalations < 2) ORDER BY m.id LIMIT 500",
                          {now, now}));
    std::vector<MandatoryReport> out;
    for (const auto& row : result.rows) out.push_back(ReportFrom(row));
    return out;
  }

  core::Status MarkEscalated(int64_t id, int escalations) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    TRY(connection->Query("UPDATE mandatory_reports SET escalations = ? WHERE id = ?",
                          {int64_t{escalations}, id}));
    return core::Ok();
  }

 private:
  Database& database_;
  const crypto::KeyRing* keys_;
};

}  // namespace

std::unique_ptr<care::MandatoryReportRepository> MakeSqlMandatoryReportRepository(
    Database& database, const crypto::KeyRing* keys) {
  return std::make_unique<SqlMandatoryReportRepository>(database, keys);
}

}  // namespace linli::storage
