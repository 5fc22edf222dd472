#include "storage/social_orgs/incubation_repository.hpp"

#include <string>
#include <vector>

#include "storage/audit/audit_repository.hpp"
#include "storage/scope_sql.hpp"

namespace linli::storage {

namespace {

using social_orgs::Incubation;
using social_orgs::IncubationStatus;

constexpr const char* kColumns =
    "SELECT i.id, i.organisation_id, COALESCE(o.name, ''), i.base_id, i.base_name, i.base_place, "
    "i.status, i.applied_on, i.started_on, i.ended_on, i.note, i.created_by, i.created_at, "
    "i.updated_at FROM social_org_incubations i LEFT JOIN social_orgs o ON o.id = "
    "i.organisation_id";

std::string StatusName(IncubationStatus status) {
  return std::string(social_orgs::kIncubationStatusNames.Name(status));
}

Incubation FromRow(const Row& row) {
  Incubation i;
  i.id = row.Int(0);
  i.organisation_id = row.Int(1);
  i.organisation_name = row.Text(2);
  i.base_id = row.Int(3);
  i.base_name = row.Text(4);
  i.base_place = row.Text(5);
  i.status =
      social_orgs::kIncubationStatusNames.From(row.Text(6)).value_or(IncubationStatus::kApplied);
  i.applied_on = row.Text(7);
  i.started_on = row.Text(8);
  i.ended_on = row.Text(9);
  i.note = row.Text(10);
  i.created_by = row.Int(11);
  i.created_at = row.Int(12);
  i.updated_at = row.Int(13);
  return i;
}

class SqlIncubationRepository final : public social_orgs::IncubationRepository {
 public:
  SqlIncubationRepository(Database& database, const crypto::KeyRing* keys)
      : database_(database), keys_(keys) {}

  core::Result<Incubation> Insert(const Incubation& i, const audit::AuditEntry& entry) override {
    TRY(NeedKeys());
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction<Incubation>(*connection, [&](Connection& c) -> core::Result<Incubation> {
      ASSIGN_OR_RETURN(
          auto inserted,
          c.Query("INSERT INTO social_org_incubations (organisation_id, base_id, base_name, "
                  "base_place, status, applied_on, started_on, ended_on, note, created_by, "
                  "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                  "RETURNING id",
                  {i.organisation_id, i.base_id, i.base_name, i.base_place, StatusName(i.status),
                   i.applied_on, i.started_on, i.ended_on, i.note, i.created_by, i.created_at,
                   i.updated_at}));
      Incubation stored = i;
      stored.id = inserted.rows.at(0).Int(0);
      audit::AuditEntry audited = entry;
      audited.subject_id = std::to_string(stored.id);
      TRY(AppendAuditIn(c, *keys_, audited));
      return stored;
    });
  }

  core::Result<bool> Move(const Incubation& i, IncubationStatus from,
                          const audit::AuditEntry& entry) override {
    TRY(NeedKeys());
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction<bool>(*connection, [&](Connection& c) -> core::Result<bool> {
      ASSIGN_OR_RETURN(auto updated,
                       c.Query("UPDATE social_org_incubations SET status = ?, started_on = ?, "
                               "ended_on = ?, updated_at = ? WHERE id = ? AND status = ? "
                               "RETURNING id",
                               {StatusName(i.status), i.started_on, i.ended_on, i.updated_at, i.id,
                                StatusName(from)}));
      if (updated.rows.empty()) return false;
      TRY(AppendAuditIn(c, *keys_, entry));
      return true;
    });
  }

  core::Result<std::optional<Incubation>> Find(int64_t id, const core::Scope& scope) override {
    return FindOneInScope(database_, std::string(kColumns) + " WHERE i.id = ?", {id}, scope,
                          "i.base_place", FromRow);
  }

  core::Result<std::vector<Incubation>> List(std::optional<IncubationStatus> status,
                                             const core::Scope& scope, size_t limit) override {
    std::vector<Value> params;
    std::string sql =
        std::string(kColumns) + " WHERE " + ScopeClause(scope, "i.base_place", params);
    if (status) {
      sql += " AND i.status = ?";
      params.emplace_back(StatusName(*status));
    }
    sql += " ORDER BY i.id DESC LIMIT " + std::to_string(limit);
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query(sql, params));
    std::vector<Incubation> out;
    for (const auto& row : result.rows) out.push_back(FromRow(row));
    return out;
  }

  core::Result<bool> HasOpen(int64_t organisation_id) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query("SELECT id FROM social_org_incubations WHERE "
                                                    "organisation_id = ? AND status IN ('applied', "
                                                    "'incubating')",
                                                    {organisation_id}));
    return !result.rows.empty();
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

std::unique_ptr<social_orgs::IncubationRepository> MakeSqlIncubationRepository(
    Database& database, const crypto::KeyRing* keys) {
  return std::make_unique<SqlIncubationRepository>(database, keys);
}

}  // namespace linli::storage
