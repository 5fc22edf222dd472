#include "storage/social_work/social_work_repository.hpp"

#include <string>
#include <utility>
#include <vector>

#include "storage/audit/audit_repository.hpp"
#include "storage/bulk_write.hpp"
#include "storage/scope_sql.hpp"
#include "storage/sql_text.hpp"
#include "storage/values.hpp"

namespace linli::storage {

namespace {

using social_work::CommunityCoverage;
using social_work::RecordQuery;
using social_work::ServiceRecord;
using social_work::SocialWorker;
using social_work::Station;
using social_work::WorkerQuery;

constexpr const char* kWorkerColumns =
    "w.id, w.name, w.certificate_level, w.certificate_number, w.facility_id, "
    "COALESCE(f.name, ''), w.place_code, COALESCE(d.name, ''), w.account_id, w.started_on, "
    "w.ended_on, w.created_by, w.created_at, w.updated_at, w.synthetic";
constexpr const char* kWorkerFrom =
    " FROM social_workers w LEFT JOIN facilities f ON f.id = w.facility_id "
    "LEFT JOIN divisions d ON d.code = w.place_code";

SocialWorker WorkerFromRow(const Row& row) {
  SocialWorker w;
  w.id = row.Int(0);
  w.name = row.Text(1);
  w.certificate_level = social_work::kCertificateLevelNames.From(row.Text(2))
                            .value_or(social_work::CertificateLevel::kNone);
  w.certificate_number = row.Text(3);
  w.facility_id = row.Int(4);
  w.facility_name = row.Text(5);
  w.place_code = row.Text(6);
  w.place_name = row.Text(7);
  w.account_id = IntOrNullopt(row, 8);
  w.started_on = row.Text(9);
  w.ended_on = row.Text(10);
  w.created_by = row.Int(11);
  w.created_at = row.Int(12);
  w.updated_at = row.Int(13);
  w.synthetic = row.Int(14) != 0;
  return w;
}

constexpr const char* kRecordColumns =
    "r.id, r.worker_id, COALESCE(w.name, ''), r.community_code, COALESCE(d.name, ''), "
    "r.served_on, r.method, r.people_served, r.summary, r.recorded_by, r.recorded_by_name, "
    "r.created_at, r.synthetic";
constexpr const char* kRecordFrom =
    " FROM social_work_records r LEFT JOIN social_workers w ON w.id = r.worker_id "
    "LEFT JOIN divisions d ON d.code = r.community_code";

ServiceRecord RecordFromRow(const Row& row) {
  ServiceRecord r;
  r.id = row.Int(0);
  r.worker_id = row.Int(1);
  r.worker_name = row.Text(2);
  r.community_code = row.Text(3);
  r.community_name = row.Text(4);
  r.served_on = row.Text(5);
  r.method = social_work::kServiceMethodNames.From(row.Text(6))
                 .value_or(social_work::ServiceMethod::kCase);
  r.people_served = row.Int(7);
  r.summary = row.Text(8);
  r.recorded_by = row.Int(9);
  r.recorded_by_name = row.Text(10);
  r.created_at = row.Int(11);
  r.synthetic = row.Int(12) != 0;
  return r;
}

class SqlSocialWorkRepository final : public social_work::SocialWorkRepository {
 public:
  SqlSocialWorkRepository(Database& database, const crypto::KeyRing* keys)
      : database_(database), keys_(keys) {}

  core::Result<std::optional<Station>> FindStation(int64_t facility_id,
                                                   const core::Scope& scope) override {
    return FindOneInScope(
        database_,
        "SELECT f.id, f.type_code, f.name, f.community_code, COALESCE(d.name, '') FROM "
        "facilities f LEFT JOIN divisions d ON d.code = f.community_code WHERE f.id = ? AND "
        "f.type_code IN ('social_work_station', 'social_work_room')",
        {facility_id}, scope, "f.community_code", [](const Row& row) {
          return Station{row.Int(0), row.Text(1), row.Text(2), row.Text(3), row.Text(4)};
        });
  }

  core::Result<std::vector<std::pair<std::string, std::string>>> Reach(
      int64_t facility_id) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result,
                     connection->Query("SELECT r.community_code, COALESCE(d.name, '') FROM "
                                       "social_work_reach r LEFT JOIN divisions d ON d.code = "
                                       "r.community_code WHERE r.facility_id = ? ORDER BY "
                                       "r.community_code",
                                       {facility_id}));
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& row : result.rows) out.emplace_back(row.Text(0), row.Text(1));
    return out;
  }

  core::Status SetReach(int64_t facility_id, const std::vector<std::string>& communities,
                        const audit::AuditEntry& entry) override {
    TRY(NeedKeys());
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction(*connection, [&](Connection& c) -> core::Status {
      // Two officers saving the same station's reach at once: PostgreSQL's delete would not see
      // the other's uncommitted rows and the inserts would collide, so the station's row lock
      // queues them (SQLite: one writer).
      if (c.dialect() == Dialect::kPostgres) {
        TRY(c.Query("SELECT id FROM facilities WHERE id = ? FOR UPDATE", {facility_id}));
      }
      TRY(c.Query("DELETE FROM social_work_reach WHERE facility_id = ?", {facility_id}));
      for (const auto& code : communities) {
        TRY(c.Query("INSERT INTO social_work_reach (facility_id, community_code) VALUES (?, ?)",
                    {facility_id, code}));
      }
      TRY(AppendAuditIn(c, *keys_, entry));
      return core::Ok();
    });
  }

  core::Result<SocialWorker> InsertWorker(const SocialWorker& w,
                                          const audit::AuditEntry& entry) override {
    TRY(NeedKeys());
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    auto inserted =
        InTransaction<SocialWorker>(*connection, [&](Connection& c) -> core::Result<SocialWorker> {
          ASSIGN_OR_RETURN(
              auto result,
              c.Query("INSERT INTO social_workers (name, certificate_level, certificate_number, "
                      "facility_id, place_code, account_id, started_on, ended_on, created_by, "
                      "created_at, updated_at, synthetic) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                      "?, ?) RETURNING id",
                      {w.name,
                       std::string(social_work::kCertificateLevelNames.Name(w.certificate_level)),
                       w.certificate_number, w.facility_id, w.place_code, OptionalInt(w.account_id),
                       w.started_on, w.ended_on, w.created_by, w.created_at, w.updated_at,
                       int64_t{w.synthetic ? 1 : 0}}));
          SocialWorker stored = w;
          stored.id = result.rows.at(0).Int(0);
          audit::AuditEntry audited = entry;
          audited.subject_id = std::to_string(stored.id);
          TRY(AppendAuditIn(c, *keys_, audited));
          return stored;
        });
    if (!inserted.ok() && inserted.error().code == core::ErrorCode::kAlreadyExists) {
      return core::Error::AlreadyExists("证书编号 " + w.certificate_number + " 已登记",
                                        "certificate_number");
    }
    return inserted;
  }

  core::Result<bool> EndWorker(int64_t id, std::string_view ended_on, int64_t at,
                               const audit::AuditEntry& entry) override {
    TRY(NeedKeys());
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction<bool>(*connection, [&](Connection& c) -> core::Result<bool> {
      ASSIGN_OR_RETURN(auto updated,
                       c.Query("UPDATE social_workers SET ended_on = ?, updated_at = ? WHERE "
                               "id = ? AND ended_on = '' RETURNING id",
                               {std::string(ended_on), at, id}));
      if (updated.rows.empty()) return false;
      TRY(AppendAuditIn(c, *keys_, entry));
      return true;
    });
  }

  core::Result<std::optional<SocialWorker>> FindWorker(int64_t id,
                                                       const core::Scope& scope) override {
    return FindOneInScope(database_,
                          std::string("SELECT ") + kWorkerColumns + kWorkerFrom + " WHERE w.id = ?",
                          {id}, scope, "w.place_code", WorkerFromRow);
  }

  core::Result<std::vector<SocialWorker>> ListWorkers(const WorkerQuery& query,
                                                      const core::Scope& scope) override {
    std::vector<Value> params;
    std::string sql = std::string("SELECT ") + kWorkerColumns + kWorkerFrom + " WHERE " +
                      ScopeClause(scope, "w.place_code", params);
    if (!query.place_prefix.empty()) {
      sql += " AND " + ScopeClause(core::Scope::Of({query.place_prefix}), "w.place_code", params);
    }
    if (query.facility_id != 0) {
      sql += " AND w.facility_id = ?";
      params.emplace_back(query.facility_id);
    }
    if (!query.include_left) sql += " AND w.ended_on = ''";
    sql += " ORDER BY w.place_code, w.id LIMIT " + std::to_string(query.limit);
    return Many(sql, params, WorkerFromRow);
  }

  core::Result<std::vector<SocialWorker>> WorkersOfAccount(int64_t account_id) override {
    return Many(std::string("SELECT ") + kWorkerColumns + kWorkerFrom +
                    " WHERE w.account_id = ? ORDER BY w.id",
                {account_id}, WorkerFromRow);
  }

  core::Result<ServiceRecord> InsertRecord(const ServiceRecord& r,
                                           const audit::AuditEntry& entry) override {
    TRY(NeedKeys());
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction<ServiceRecord>(
        *connection, [&](Connection& c) -> core::Result<ServiceRecord> {
          ASSIGN_OR_RETURN(
              auto result,
              c.Query("INSERT INTO social_work_records (worker_id, community_code, served_on, "
                      "method, people_served, summary, recorded_by, recorded_by_name, "
                      "created_at, synthetic) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                      {r.worker_id, r.community_code, r.served_on,
                       std::string(social_work::kServiceMethodNames.Name(r.method)),
                       r.people_served, r.summary, r.recorded_by, r.recorded_by_name, r.created_at,
                       int64_t{r.synthetic ? 1 : 0}}));
          ServiceRecord stored = r;
          stored.id = result.rows.at(0).Int(0);
          audit::AuditEntry audited = entry;
          audited.subject_id = std::to_string(stored.id);
          TRY(AppendAuditIn(c, *keys_, audited));
          return stored;
        });
  }

  core::Result<std::vector<ServiceRecord>> ListRecords(const RecordQuery& query,
                                                       const core::Scope& scope) override {
    std::vector<Value> params;
    std::string sql = std::string("SELECT ") + kRecordColumns + kRecordFrom + " WHERE " +
                      ScopeClause(scope, "r.community_code", params);
    if (!query.place_prefix.empty()) {
      sql +=
          " AND " + ScopeClause(core::Scope::Of({query.place_prefix}), "r.community_code", params);
    }
    if (query.worker_id != 0) {
      sql += " AND r.worker_id = ?";
      params.emplace_back(query.worker_id);
    }
    if (!query.from.empty()) {
      sql += " AND r.served_on >= ?";
      params.emplace_back(query.from);
    }
    if (!query.to.empty()) {
      sql += " AND r.served_on <= ?";
      params.emplace_back(query.to);
    }
    sql += " ORDER BY r.served_on DESC, r.id DESC LIMIT " + std::to_string(query.limit);
    return Many(sql, params, RecordFromRow);
  }

  core::Result<std::vector<Station>> AllStations() override {
    return Many(
        "SELECT f.id, f.type_code, f.name, f.community_code, COALESCE(d.name, '') FROM "
        "facilities f LEFT JOIN divisions d ON d.code = f.community_code WHERE f.type_code IN "
        "('social_work_station', 'social_work_room') AND f.status <> 'closed' ORDER BY f.id",
        {}, [](const Row& row) {
          return Station{row.Int(0), row.Text(1), row.Text(2), row.Text(3), row.Text(4)};
        });
  }

  core::Result<bool> AnyWorker() override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query("SELECT id FROM social_workers LIMIT 1", {}));
    return !result.rows.empty();
  }

  core::Result<int64_t> InsertSynthetic(const std::vector<std::pair<int64_t, std::string>>& reach,
                                        const std::vector<SocialWorker>& workers,
                                        const std::vector<ServiceRecord>& records,
                                        const audit::AuditEntry& entry) override {
    TRY(NeedKeys());
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction<int64_t>(*connection, [&](Connection& c) -> core::Result<int64_t> {
      TRY(InsertRows(c, "social_work_reach (facility_id, community_code)", 2, reach.size(),
                     [&](size_t i, std::vector<Value>& out) {
                       out.emplace_back(reach[i].first);
                       out.emplace_back(reach[i].second);
                     }));
      ASSIGN_OR_RETURN(auto ids, ReserveIds(c, "social_workers", workers.size()));
      TRY(InsertRows(
          c,
          "social_workers (id, name, certificate_level, certificate_number, facility_id, "
          "place_code, account_id, started_on, ended_on, created_by, created_at, updated_at, "
          "synthetic)",
          13, workers.size(), [&](size_t i, std::vector<Value>& out) {
            const SocialWorker& w = workers[i];
            out.emplace_back(ids[i]);
            out.emplace_back(w.name);
            out.emplace_back(
                std::string(social_work::kCertificateLevelNames.Name(w.certificate_level)));
            out.emplace_back(w.certificate_number);
            out.emplace_back(w.facility_id);
            out.emplace_back(w.place_code);
            out.emplace_back(OptionalInt(w.account_id));
            out.emplace_back(w.started_on);
            out.emplace_back(w.ended_on);
            out.emplace_back(w.created_by);
            out.emplace_back(w.created_at);
            out.emplace_back(w.updated_at);
            out.emplace_back(int64_t{w.synthetic ? 1 : 0});
          }));
      ASSIGN_OR_RETURN(
          int64_t written,
          InsertRows(c,
                     "social_work_records (worker_id, community_code, served_on, method, "
                     "people_served, summary, recorded_by, recorded_by_name, created_at, "
                     "synthetic)",
                     10, records.size(), [&](size_t i, std::vector<Value>& out) {
                       const ServiceRecord& r = records[i];
                       out.emplace_back(ids.at(static_cast<size_t>(r.worker_id)));
                       out.emplace_back(r.community_code);
                       out.emplace_back(r.served_on);
                       out.emplace_back(
                           std::string(social_work::kServiceMethodNames.Name(r.method)));
                       out.emplace_back(r.people_served);
                       out.emplace_back(r.summary);
                       out.emplace_back(r.recorded_by);
                       out.emplace_back(r.recorded_by_name);
                       out.emplace_back(r.created_at);
                       out.emplace_back(int64_t{r.synthetic ? 1 : 0});
                     }));
      TRY(AppendAuditIn(c, *keys_, entry));
      return written;
    });
  }

  core::Result<std::vector<CommunityCoverage>> Coverage(std::string_view place_prefix,
                                                        std::string_view from,
                                                        std::string_view to) override {
    std::vector<Value> params = {std::string(from), std::string(to)};
    std::string sql =
        "SELECT d.code, d.name, COUNT(r.id), COUNT(DISTINCT r.worker_id), "
        "COALESCE(MAX(r.served_on), '') FROM divisions d LEFT JOIN (SELECT x.id, x.worker_id, "
        "x.community_code, x.served_on FROM social_work_records x JOIN social_workers y ON y.id "
        "= x.worker_id WHERE y.certificate_level <> 'none' AND x.served_on >= ? AND "
        "x.served_on <= ?) r ON r.community_code = d.code WHERE d.level = 'community' AND "
        "d.retired_at IS NULL";
    if (!place_prefix.empty()) {
      sql += " AND " + ScopeClause(core::Scope::Of({std::string(place_prefix)}), "d.code", params);
    }
    sql += " GROUP BY d.code, d.name ORDER BY d.code";
    return Many(sql, params, [](const Row& row) {
      return CommunityCoverage{row.Text(0), row.Text(1), row.Int(2), row.Int(3), row.Text(4)};
    });
  }

 private:
  core::Status NeedKeys() const {
    if (keys_ == nullptr) return core::Error::FailedPrecondition("未配置密钥，无法记录审计日志");
    return core::Ok();
  }

  template <typename FromRow>
  auto Many(const std::string& sql, const std::vector<Value>& params, FromRow&& from_row)
      -> core::Result<std::vector<decltype(from_row(std::declval<const Row&>()))>> {
    using T = decltype(from_row(std::declval<const Row&>()));
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query(sql, params));
    std::vector<T> out;
    out.reserve(result.rows.size());
    for (const auto& row : result.rows) out.push_back(from_row(row));
    return out;
  }

  Database& database_;
  const crypto::KeyRing* keys_;
};

}  // namespace

std::unique_ptr<social_work::SocialWorkRepository> MakeSqlSocialWorkRepository(
    Database& database, const crypto::KeyRing* keys) {
  return std::make_unique<SqlSocialWorkRepository>(database, keys);
}

}  // namespace linli::storage
