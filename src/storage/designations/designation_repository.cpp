#include "storage/designations/designation_repository.hpp"

#include <string>
#include <utility>
#include <vector>

#include "storage/audit/audit_repository.hpp"
#include "storage/bulk_write.hpp"
#include "storage/scope_sql.hpp"
#include "storage/sql_text.hpp"

namespace linli::storage {

namespace {

using designations::Designation;
using designations::DesignationEvent;
using designations::DesignationQuery;

constexpr const char* kColumns =
    "g.id, g.kind, g.place_code, COALESCE(d.name, ''), g.title, g.designated_on, g.approved_by, "
    "g.approval_level, g.note, g.evidence_name, g.evidence_type, g.evidence_size, g.revoked_on, "
    "g.revoke_reason, g.created_by, g.created_by_name, g.created_at, g.updated_at, g.synthetic";
constexpr const char* kFrom = " FROM designations g LEFT JOIN divisions d ON d.code = g.place_code";

Designation FromRow(const Row& row) {
  Designation g;
  g.id = row.Int(0);
  g.kind = row.Text(1);
  g.place_code = row.Text(2);
  g.place_name = row.Text(3);
  g.title = row.Text(4);
  g.designated_on = row.Text(5);
  g.approved_by = row.Text(6);
  g.approval_level = designations::kApprovalLevelNames.From(row.Text(7))
                         .value_or(designations::ApprovalLevel::kCity);
  g.note = row.Text(8);
  g.evidence_name = row.Text(9);
  g.evidence_type = row.Text(10);
  g.evidence_size = row.Int(11);
  g.revoked_on = row.Text(12);
  g.revoke_reason = row.Text(13);
  g.created_by = row.Int(14);
  g.created_by_name = row.Text(15);
  g.created_at = row.Int(16);
  g.updated_at = row.Int(17);
  g.synthetic = row.Int(18) != 0;
  return g;
}

core::Status InsertEvent(Connection& c, int64_t id, const DesignationEvent& event) {
  TRY(c.Query(
      "INSERT INTO designation_events (designation_id, action, detail, actor_id, actor_name, at) "
      "VALUES (?, ?, ?, ?, ?, ?)",
      {id, event.action, event.detail, event.actor_id, event.actor_name, event.at}));
  return core::Ok();
}

class SqlDesignationRepository final : public designations::DesignationRepository {
 public:
  SqlDesignationRepository(Database& database, const crypto::KeyRing* keys)
      : database_(database), keys_(keys) {}

  core::Result<Designation> Insert(const Designation& g, const DesignationEvent& event,
                                   const audit::AuditEntry& entry) override {
    TRY(NeedKeys());
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction<Designation>(*connection, [&](Connection& c) -> core::Result<Designation> {
      ASSIGN_OR_RETURN(
          auto inserted,
          c.Query("INSERT INTO designations (kind, place_code, title, designated_on, approved_by, "
                  "approval_level, note, created_by, created_by_name, created_at, updated_at, "
                  "synthetic) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                  {g.kind, g.place_code, g.title, g.designated_on, g.approved_by,
                   std::string(designations::kApprovalLevelNames.Name(g.approval_level)), g.note,
                   g.created_by, g.created_by_name, g.created_at, g.updated_at,
                   int64_t{g.synthetic ? 1 : 0}}));
      Designation stored = g;
      stored.id = inserted.rows.at(0).Int(0);
      TRY(InsertEvent(c, stored.id, event));
      audit::AuditEntry audited = entry;
      audited.subject_id = std::to_string(stored.id);
      TRY(AppendAuditIn(c, *keys_, audited));
      return stored;
    });
  }

  core::Result<bool> Revoke(int64_t id, std::string_view revoked_on, std::string_view reason,
                            int64_t at, const DesignationEvent& event,
                            const audit::AuditEntry& entry) override {
    TRY(NeedKeys());
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction<bool>(*connection, [&](Connection& c) -> core::Result<bool> {
      ASSIGN_OR_RETURN(auto updated,
                       c.Query("UPDATE designations SET revoked_on = ?, revoke_reason = ?, "
                               "updated_at = ? WHERE id = ? AND revoked_on = '' RETURNING id",
                               {std::string(revoked_on), std::string(reason), at, id}));
      if (updated.rows.empty()) return false;
      TRY(InsertEvent(c, id, event));
      TRY(AppendAuditIn(c, *keys_, entry));
      return true;
    });
  }

  core::Status SetEvidence(int64_t id, std::string_view name, std::string_view type,
                           std::string_view bytes, int64_t at, const DesignationEvent& event,
                           const audit::AuditEntry& entry) override {
    TRY(NeedKeys());
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction(*connection, [&](Connection& c) -> core::Status {
      TRY(c.Query("DELETE FROM designation_evidence WHERE designation_id = ?", {id}));
      TRY(c.Query("INSERT INTO designation_evidence (designation_id, bytes) VALUES (?, ?)",
                  {id, Blob{std::string(bytes)}}));
      TRY(c.Query(
          "UPDATE designations SET evidence_name = ?, evidence_type = ?, evidence_size = "
          "?, updated_at = ? WHERE id = ?",
          {std::string(name), std::string(type), static_cast<int64_t>(bytes.size()), at, id}));
      TRY(InsertEvent(c, id, event));
      TRY(AppendAuditIn(c, *keys_, entry));
      return core::Ok();
    });
  }

  core::Result<std::optional<Designation>> Find(int64_t id, const core::Scope& scope) override {
    return FindOneInScope(database_, std::string("SELECT ") + kColumns + kFrom + " WHERE g.id = ?",
                          {id}, scope, "g.place_code", FromRow);
  }

  core::Result<std::vector<Designation>> List(const DesignationQuery& query,
                                              const core::Scope& scope) override {
    std::vector<Value> params;
    std::string sql = std::string("SELECT ") + kColumns + kFrom + " WHERE " +
                      ScopeClause(scope, "g.place_code", params);
    if (!query.place_prefix.empty()) {
      sql += " AND " + ScopeClause(core::Scope::Of({query.place_prefix}), "g.place_code", params);
    }
    if (!query.kind.empty()) {
      sql += " AND g.kind = ?";
      params.emplace_back(query.kind);
    }
    if (query.in_force)
      sql += *query.in_force ? " AND g.revoked_on = ''" : " AND g.revoked_on <> ''";
    sql += " ORDER BY g.designated_on DESC, g.id DESC LIMIT " + std::to_string(query.limit);
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query(sql, params));
    std::vector<Designation> out;
    out.reserve(result.rows.size());
    for (const auto& row : result.rows) out.push_back(FromRow(row));
    return out;
  }

  core::Result<std::vector<DesignationEvent>> History(int64_t id) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result,
                     connection->Query("SELECT designation_id, action, detail, actor_id, "
                                       "actor_name, at FROM designation_events WHERE "
                                       "designation_id = ? ORDER BY id",
                                       {id}));
    std::vector<DesignationEvent> out;
    for (const auto& row : result.rows) {
      out.push_back({row.Int(0), row.Text(1), row.Text(2), row.Int(3), row.Text(4), row.Int(5)});
    }
    return out;
  }

  core::Result<std::string> Evidence(int64_t id) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(
        auto result,
        connection->Query("SELECT bytes FROM designation_evidence WHERE designation_id = ?", {id}));
    if (result.rows.empty()) return std::string();
    const Value& value = result.rows[0].At(0);
    if (const auto* blob = std::get_if<Blob>(&value)) return blob->bytes;
    if (const auto* text = std::get_if<std::string>(&value)) return *text;
    return std::string();
  }

  core::Result<std::vector<Designation>> InForceOn(const std::vector<std::string>& kinds,
                                                   std::string_view date) override {
    std::vector<Designation> out;
    if (kinds.empty()) return out;
    std::vector<Value> params = {std::string(date), std::string(date)};
    const std::string sql = std::string("SELECT ") + kColumns + kFrom +
                            " WHERE g.designated_on <= ? AND (g.revoked_on = '' OR g.revoked_on > "
                            "?) AND " +
                            InClause("g.kind", kinds, params) + " ORDER BY g.place_code, g.id";
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query(sql, params));
    out.reserve(result.rows.size());
    for (const auto& row : result.rows) out.push_back(FromRow(row));
    return out;
  }

  core::Result<int64_t> InsertMany(const std::vector<Designation>& list,
                                   const audit::AuditEntry& entry) override {
    TRY(NeedKeys());
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction<int64_t>(*connection, [&](Connection& c) -> core::Result<int64_t> {
      ASSIGN_OR_RETURN(
          int64_t written,
          InsertRows(
              c,
              "designations (kind, place_code, title, designated_on, approved_by, "
              "approval_level, note, created_by, created_by_name, created_at, updated_at, "
              "synthetic)",
              12, list.size(),
              [&](size_t i, std::vector<Value>& out) {
                const Designation& g = list[i];
                out.emplace_back(g.kind);
                out.emplace_back(g.place_code);
                out.emplace_back(g.title);
                out.emplace_back(g.designated_on);
                out.emplace_back(g.approved_by);
                out.emplace_back(
                    std::string(designations::kApprovalLevelNames.Name(g.approval_level)));
                out.emplace_back(g.note);
                out.emplace_back(g.created_by);
                out.emplace_back(g.created_by_name);
                out.emplace_back(g.created_at);
                out.emplace_back(g.updated_at);
                out.emplace_back(int64_t{g.synthetic ? 1 : 0});
              },
              ""));
      TRY(AppendAuditIn(c, *keys_, entry));
      return written;
    });
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

std::unique_ptr<designations::DesignationRepository> MakeSqlDesignationRepository(
    Database& database, const crypto::KeyRing* keys) {
  return std::make_unique<SqlDesignationRepository>(database, keys);
}

}  // namespace linli::storage
