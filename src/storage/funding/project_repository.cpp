#include "storage/funding/project_repository.hpp"

#include <string>
#include <vector>

#include "storage/audit/audit_repository.hpp"
#include "storage/scope_sql.hpp"

namespace linli::storage {

namespace {

using funding::Project;

constexpr const char* kColumns =
    "p.id, p.name, p.department, p.task, p.place_code, COALESCE(d.name, ''), p.amount, p.source, "
    "p.year, p.note, p.created_by, p.created_by_name, p.created_at, p.synthetic";
constexpr const char* kFrom =
    " FROM funded_projects p LEFT JOIN divisions d ON d.code = p.place_code";

Project FromRow(const Row& row) {
  Project p;
  p.id = row.Int(0);
  p.name = row.Text(1);
  p.department = row.Text(2);
  p.task = row.Text(3);
  p.place_code = row.Text(4);
  p.place_name = row.Text(5);
  p.amount = row.Double(6);
  p.source =
      funding::kFundingSourceNames.From(row.Text(7)).value_or(funding::FundingSource::kOther);
  p.year = static_cast<int>(row.Int(8));
  p.note = row.Text(9);
  p.created_by = row.Int(10);
  p.created_by_name = row.Text(11);
  p.created_at = row.Int(12);
  p.synthetic = row.Int(13) != 0;
  return p;
}

class SqlProjectRepository final : public funding::ProjectRepository {
 public:
  SqlProjectRepository(Database& database, const crypto::KeyRing* keys)
      : database_(database), keys_(keys) {}

  core::Result<Project> Insert(const Project& p, const audit::AuditEntry& entry) override {
    if (keys_ == nullptr) return core::Error::FailedPrecondition("未配置密钥，无法记录审计日志");
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction<Project>(*connection, [&](Connection& c) -> core::Result<Project> {
      ASSIGN_OR_RETURN(
          auto inserted,
          c.Query("INSERT INTO funded_projects (name, department, task, place_code, amount, "
                  "source, year, note, created_by, created_by_name, created_at, synthetic) VALUES "
                  "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                  {p.name, p.department, p.task, p.place_code, p.amount,
                   std::string(funding::kFundingSourceNames.Name(p.source)),
                   static_cast<int64_t>(p.year), p.note, p.created_by, p.created_by_name,
                   p.created_at, int64_t{p.synthetic ? 1 : 0}}));
      Project stored = p;
      stored.id = inserted.rows.at(0).Int(0);
      audit::AuditEntry audited = entry;
      audited.subject_id = std::to_string(stored.id);
      TRY(AppendAuditIn(c, *keys_, audited));
      return stored;
    });
  }

  core::Result<bool> Delete(int64_t id, const audit::AuditEntry& entry) override {
    if (keys_ == nullptr) return core::Error::FailedPrecondition("未配置密钥，无法记录审计日志");
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction<bool>(*connection, [&](Connection& c) -> core::Result<bool> {
      ASSIGN_OR_RETURN(auto deleted,
                       c.Query("DELETE FROM funded_projects WHERE id = ? RETURNING id", {id}));
      if (deleted.rows.empty()) return false;
      TRY(AppendAuditIn(c, *keys_, entry));
      return true;
    });
  }

  core::Result<std::optional<Project>> Find(int64_t id, const core::Scope& scope) override {
    return FindOneInScope(database_, std::string("SELECT ") + kColumns + kFrom + " WHERE p.id = ?",
                          {id}, scope, "p.place_code", FromRow);
  }

  core::Result<std::vector<Project>> List(const funding::ProjectQuery& query,
                                          const core::Scope& scope) override {
    std::vector<Value> params;
    std::string sql = std::string("SELECT ") + kColumns + kFrom + " WHERE " +
                      ScopeClause(scope, "p.place_code", params);
    if (!query.place_prefix.empty()) {
      sql += " AND " + ScopeClause(core::Scope::Of({query.place_prefix}), "p.place_code", params);
    }
    if (!query.department.empty()) {
      sql += " AND p.department = ?";
      params.emplace_back(query.department);
    }
    if (query.year) {
      sql += " AND p.year = ?";
      params.emplace_back(static_cast<int64_t>(*query.year));
    }
    sql += " ORDER BY p.year DESC, p.id DESC LIMIT " + std::to_string(query.limit);
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query(sql, params));
    std::vector<Project> out;
    out.reserve(result.rows.size());
    for (const auto& row : result.rows) out.push_back(FromRow(row));
    return out;
  }

 private:
  Database& database_;
  const crypto::KeyRing* keys_;
};

}  // namespace

std::unique_ptr<funding::ProjectRepository> MakeSqlProjectRepository(Database& database,
                                                                     const crypto::KeyRing* keys) {
  return std::make_unique<SqlProjectRepository>(database, keys);
}

}  // namespace linli::storage
