#include "storage/care/application_repository.hpp"

#include <string>
#include <vector>

#include "storage/access/access_repositories.hpp"
#include "storage/audit/audit_repository.hpp"
#include "storage/keyset.hpp"
#include "storage/scope_sql.hpp"
#include "storage/values.hpp"

namespace linli::storage {

namespace {

using care::Application;

constexpr const char* kColumns =
    "a.id, a.resident_id, r.name, a.place_code, COALESCE(d.name, '') || CASE WHEN gr.name IS "
    "NULL THEN '' ELSE ' · ' || gr.name END, a.kind, a.benefit, a.amount_cents, a.reason, "
    "a.finding_id, a.status, a.stage_due_at, a.filed_by_name, a.filed_at, a.paid_at, "
    "a.paid_cents, a.updated_at, a.escalations";
constexpr const char* kFrom =
    " FROM care_applications a JOIN residents r ON r.id = a.resident_id LEFT JOIN divisions d ON "
    "d.code = substr(a.place_code, 1, 12) LEFT JOIN grids gr ON gr.code = a.place_code";

Application ApplicationFrom(const Row& row) {
  Application a;
  a.id = row.Int(0);
  a.resident_id = row.Int(1);
  a.resident_name = row.Text(2);
  a.place_code = row.Text(3);
  a.place_name = row.Text(4);
  a.kind = care::kApplicationKindNames.From(row.Text(5)).value_or(care::ApplicationKind::kBenefit);
  a.benefit = row.Text(6);
  a.amount_cents = row.Int(7);
  a.reason = row.Text(8);
  a.finding_id = IntOrNullopt(row, 9);
  a.status =
      care::kApplicationStatusNames.From(row.Text(10)).value_or(care::ApplicationStatus::kTown);
  a.stage_due_at = row.Int(11);
  a.filed_by_name = row.Text(12);
  a.filed_at = row.Int(13);
  a.paid_at = IntOrNullopt(row, 14);
  a.paid_cents = row.Int(15);
  a.updated_at = row.Int(16);
  a.escalations = static_cast<int>(row.Int(17));
  return a;
}

class SqlApplicationRepository final : public care::ApplicationRepository {
 public:
  SqlApplicationRepository(Database& database, const crypto::KeyRing* keys)
      : database_(database), keys_(keys) {}

  core::Result<Application> Insert(const Application& a, const audit::AuditEntry& entry) override {
    TRY(NeedKeys());
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction<Application>(*connection, [&](Connection& c) -> core::Result<Application> {
      ASSIGN_OR_RETURN(
          auto inserted,
          c.Query("INSERT INTO care_applications (resident_id, place_code, kind, benefit, "
                  "amount_cents, reason, finding_id, status, stage_due_at, filed_by, "
                  "filed_by_name, filed_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                  "?, ?) RETURNING id",
                  {a.resident_id, a.place_code,
                   std::string(care::kApplicationKindNames.Name(a.kind)), a.benefit, a.amount_cents,
                   a.reason, a.finding_id ? Value(*a.finding_id) : Value(Null{}),
                   std::string(care::kApplicationStatusNames.Name(a.status)), a.stage_due_at,
                   entry.actor_id, a.filed_by_name, a.filed_at, a.updated_at}));
      Application stored = a;
      stored.id = inserted.rows.at(0).Int(0);
      audit::AuditEntry audited = entry;
      audited.subject_id = std::to_string(stored.id);
      TRY(AppendAuditIn(c, *keys_, audited));
      return stored;
    });
  }

  core::Result<std::optional<Application>> Find(int64_t id, const core::Scope& scope) override {
    ASSIGN_OR_RETURN(
        auto found,
        FindOneInScope(database_, std::string("SELECT ") + kColumns + kFrom + " WHERE a.id = ?",
                       {id}, scope, "a.place_code", ApplicationFrom));
    if (!found) return found;
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto steps,
                     connection->Query("SELECT level, decision, note, by_name, at FROM "
                                       "care_application_steps WHERE application_id = ? ORDER BY "
                                       "id",
                                       {id}));
    for (const auto& row : steps.rows) {
      care::ApplicationStep step;
      step.level = row.Text(0);
      step.decision = care::kDecisionNames.From(row.Text(1)).value_or(care::Decision::kApprove);
      step.note = row.Text(2);
      step.by_name = row.Text(3);
      step.at = row.Int(4);
      found->steps.push_back(std::move(step));
    }
    return found;
  }

  core::Result<core::Page<Application>> List(const care::ApplicationQuery& query,
                                             const core::Scope& scope) override {
    std::vector<Value> params;
    std::string sql = std::string("SELECT ") + kColumns + kFrom + " WHERE ";
    sql += ScopeClause(scope, "a.place_code", params);
    if (!query.place_prefix.empty()) {
      sql += " AND " + ScopeClause(core::Scope::Of({query.place_prefix}), "a.place_code", params);
    }
    if (query.status) {
      sql += " AND a.status = ?";
      params.emplace_back(std::string(care::kApplicationStatusNames.Name(*query.status)));
    }
    if (query.kind) {
      sql += " AND a.kind = ?";
      params.emplace_back(std::string(care::kApplicationKindNames.Name(*query.kind)));
    }
    return KeysetPage(database_, std::move(sql), std::move(params),
                      Keyset::ById("a.id", SortOrder::kDescending), query.page, ApplicationFrom,
                      [](const Application& a) { return a.id; });
  }

  core::Result<bool> Advance(const Application& a, care::ApplicationStatus from,
                             const care::ApplicationStep& step,
                             const std::optional<std::string>& enrol_on,
                             const audit::AuditEntry& entry) override {
    TRY(NeedKeys());
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction<bool>(*connection, [&](Connection& c) -> core::Result<bool> {
      ASSIGN_OR_RETURN(
          auto updated,
          c.Query("UPDATE care_applications SET status = ?, stage_due_at = ?, paid_at = ?, "
                  "paid_cents = ?, updated_at = ? WHERE id = ? AND status = ? RETURNING id",
                  {std::string(care::kApplicationStatusNames.Name(a.status)), a.stage_due_at,
                   a.paid_at ? Value(*a.paid_at) : Value(Null{}), a.paid_cents, a.updated_at, a.id,
                   std::string(care::kApplicationStatusNames.Name(from))}));
      if (updated.rows.empty()) return false;
      TRY(
          c.Query("INSERT INTO care_application_steps (application_id, level, decision, note, "
                  "by_id, by_name, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                  {a.id, step.level, std::string(care::kDecisionNames.Name(step.decision)),
                   step.note, entry.actor_id, step.by_name, step.at}));
      if (enrol_on) {
        // The benefit granted: the person's enrolment starts (one current per benefit).
        ASSIGN_OR_RETURN(auto current,
                         c.Query("SELECT 1 FROM care_enrolments WHERE resident_id = ? AND "
                                 "benefit = ? AND until_on = ''",
                                 {a.resident_id, a.benefit}));
        if (current.rows.empty()) {
          TRY(
              c.Query("INSERT INTO care_enrolments (resident_id, benefit, since_on) VALUES (?, ?, "
                      "?)",
                      {a.resident_id, a.benefit, *enrol_on}));
        }
      }
      TRY(AppendAuditIn(c, *keys_, entry));
      return true;
    });
  }

  core::Result<std::optional<std::pair<int64_t, std::string>>> FindingSubject(
      int64_t finding_id) override {
    using Subject = std::optional<std::pair<int64_t, std::string>>;
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query(
                                      "SELECT resident_id, benefit FROM care_findings WHERE id = ?",
                                      {finding_id}));
    if (result.rows.empty()) return Subject();
    return Subject(std::make_pair(result.rows[0].Int(0), result.rows[0].Text(1)));
  }

  core::Result<bool> HasPending(int64_t resident_id, const std::string& benefit) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result,
                     connection->Query("SELECT 1 FROM care_applications WHERE resident_id = ? AND "
                                       "benefit = ? AND status IN ('town', 'county')",
                                       {resident_id, benefit}));
    return !result.rows.empty();
  }

  core::Result<std::vector<Application>> PastDeadline(int64_t now, size_t limit) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(
        auto result,
        connection->Query(std::string("SELECT ") + kColumns + kFrom +
                              " WHERE a.stage_due_at > 0 AND a.stage_due_at <= ? AND ((a.status = "
                              "'town' AND a.escalations < 1) OR (a.status = 'county' AND "
                              "a.escalations < 2)) ORDER BY a.id LIMIT " +
                              std::to_string(limit),
                          {now}));
    std::vector<Application> out;
    for (const auto& row : result.rows) out.push_back(ApplicationFrom(row));
    return out;
  }

  core::Result<std::vector<int64_t>> AccountsWithGrant(access::Role role,
                                                       const std::string& scope_code) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return AccountsWithGrantIn(*connection, role, scope_code);
  }

  core::Status MarkEscalated(int64_t id, int escalations) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    TRY(connection->Query("UPDATE care_applications SET escalations = ? WHERE id = ?",
                          {int64_t{escalations}, id}));
    return core::Ok();
  }

 private:
  core::Status NeedKeys() const {
    if (keys_ == nullptr) return core::Error::FailedPrecondition("未配置密钥，无法记录审计日志");
    return core::Ok();
  }

  Database& database_;
  const crypto::KeyRing* keys_;
};

}  // namespace

std::unique_ptr<care::ApplicationRepository> MakeSqlApplicationRepository(
    Database& database, const crypto::KeyRing* keys) {
  return std::make_unique<SqlApplicationRepository>(database, keys);
}

}  // namespace linli::storage
