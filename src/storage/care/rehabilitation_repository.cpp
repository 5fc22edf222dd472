#include "storage/care/rehabilitation_repository.hpp"

#include <string>
#include <vector>

#include "storage/audit/audit_repository.hpp"
#include "storage/keyset.hpp"
#include "storage/scope_sql.hpp"

namespace linli::storage {

namespace {

using care::RehabRecord;

constexpr const char* kColumns =
    "x.id, x.resident_id, r.name, x.place_code, COALESCE(d.name, '') || CASE WHEN gr.name IS "
    "NULL THEN '' ELSE ' · ' || gr.name END, x.facility_id, f.name, f.place_code, x.kind, "
    "x.served_on, x.minutes, x.note, x.recorded_by_name, x.created_at, x.synthetic";
constexpr const char* kFrom =
    " FROM rehab_records x JOIN residents r ON r.id = x.resident_id JOIN facilities f ON f.id = "
    "x.facility_id LEFT JOIN divisions d ON d.code = substr(x.place_code, 1, 12) LEFT JOIN grids "
    "gr ON gr.code = x.place_code";

RehabRecord RecordFrom(const Row& row) {
  RehabRecord x;
  x.id = row.Int(0);
  x.resident_id = row.Int(1);
  x.resident_name = row.Text(2);
  x.place_code = row.Text(3);
  x.place_name = row.Text(4);
  x.facility_id = row.Int(5);
  x.facility_name = row.Text(6);
  x.facility_place = row.Text(7);
  x.kind = care::kRehabKindNames.From(row.Text(8)).value_or(care::RehabKind::kTraining);
  x.served_on = row.Text(9);
  x.minutes = static_cast<int>(row.Int(10));
  x.note = row.Text(11);
  x.recorded_by_name = row.Text(12);
  x.created_at = row.Int(13);
  x.synthetic = row.Int(14) != 0;
  return x;
}

class SqlRehabilitationRepository final : public care::RehabilitationRepository {
 public:
  SqlRehabilitationRepository(Database& database, const crypto::KeyRing* keys)
      : database_(database), keys_(keys) {}

  core::Result<RehabRecord> Insert(const RehabRecord& x, const audit::AuditEntry& entry) override {
    if (keys_ == nullptr) return core::Error::FailedPrecondition("未配置密钥，无法记录审计日志");
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(
        int64_t id,
        InTransaction<int64_t>(*connection, [&](Connection& c) -> core::Result<int64_t> {
          ASSIGN_OR_RETURN(
              auto inserted,
              c.Query(
                  "INSERT INTO rehab_records (resident_id, place_code, facility_id, kind, "
                  "served_on, minutes, note, recorded_by, recorded_by_name, created_at) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                  {x.resident_id, x.place_code, x.facility_id,
                   std::string(care::kRehabKindNames.Name(x.kind)), x.served_on, int64_t{x.minutes},
                   x.note, entry.actor_id, x.recorded_by_name, x.created_at}));
          const int64_t stored = inserted.rows.at(0).Int(0);
          audit::AuditEntry audited = entry;
          audited.subject_id = std::to_string(stored);
          TRY(AppendAuditIn(c, *keys_, audited));
          return stored;
        }));
    ASSIGN_OR_RETURN(
        auto read,
        connection->Query(std::string("SELECT ") + kColumns + kFrom + " WHERE x.id = ?", {id}));
    return RecordFrom(read.rows.at(0));
  }

  core::Result<core::Page<RehabRecord>> List(const care::RehabQuery& query,
                                             const core::Scope& scope,
                                             const core::Scope& health_scope) override {
    std::vector<Value> params;
    std::string sql = std::string("SELECT ") + kColumns + kFrom + " WHERE ";
    sql += ScopeClause(scope, "x.place_code", params);
    if (!query.place_prefix.empty()) {
      sql += " AND " + ScopeClause(core::Scope::Of({query.place_prefix}), "x.place_code", params);
    }
    if (query.with_mental_health) {
      sql += " AND (x.kind <> 'mental_health' OR " +
             ScopeClause(health_scope, "x.place_code", params) + ")";
    } else {
      sql += " AND x.kind <> 'mental_health'";
    }
    if (query.facility_id) {
      sql += " AND x.facility_id = ?";
      params.emplace_back(*query.facility_id);
    }
    if (query.resident_id) {
      sql += " AND x.resident_id = ?";
      params.emplace_back(*query.resident_id);
    }
    if (query.kind) {
      sql += " AND x.kind = ?";
      params.emplace_back(std::string(care::kRehabKindNames.Name(*query.kind)));
    }
    return KeysetPage(database_, std::move(sql), std::move(params),
                      Keyset::ById("x.id", SortOrder::kDescending), query.page, RecordFrom,
                      [](const RehabRecord& x) { return x.id; });
  }

  core::Result<std::optional<care::RehabFacility>> FindFacility(int64_t id) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result,
                     connection->Query("SELECT id, place_code, type_code, name, status FROM "
                                       "facilities WHERE id = ?",
                                       {id}));
    if (result.rows.empty()) return std::optional<care::RehabFacility>();
    const auto& row = result.rows[0];
    return std::optional<care::RehabFacility>(care::RehabFacility{
        row.Int(0), row.Text(1), row.Text(2), row.Text(3), row.Text(4) == "open"});
  }

  core::Result<int64_t> InsertSynthetic(std::string_view served_on, int percent, uint64_t seed,
                                        int64_t now) override {
    const int64_t salt = static_cast<int64_t>(seed % 1000);
    // The nearest open facility of a type around the person's place, and a fixed draw per
    // person: (id × 7 + salt) mod 100 < percent.
    const auto statement = [&](const char* category, const char* type, const char* kind,
                               int minutes) {
      return std::string(
                 "INSERT INTO rehab_records (resident_id, place_code, facility_id, kind, "
                 "served_on, minutes, note, recorded_by, recorded_by_name, created_at, "
                 "synthetic) SELECT resident_id, place_code, facility_id, '") +
             kind + "', ?, " + std::to_string(minutes) +
             ", '', 0, '合成数据', ?, 1 FROM (SELECT a.resident_id, r.place_code, (SELECT "
             "MIN(f.id) FROM facilities f WHERE f.type_code = '" +
             type +
             "' AND f.status = 'open' AND f.place_code IN (substr(r.place_code, 1, 12), "
             "substr(r.place_code, 1, 9), substr(r.place_code, 1, 6))) AS facility_id FROM "
             "care_archives a JOIN residents r ON r.id = a.resident_id WHERE a.category = '" +
             category +
             "' AND a.status = 'open' AND (a.resident_id * 7 + ?) % 100 < ?) s WHERE "
             "facility_id IS NOT NULL";
    };
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction<int64_t>(*connection, [&](Connection& c) -> core::Result<int64_t> {
      int64_t written = 0;
      for (const auto& sql :
           {statement("disability", "disability_home", "training", 60),
            statement("severe_mental_disorder", "mental_health_rehab", "mental_health", 90)}) {
        ASSIGN_OR_RETURN(auto result,
                         c.Query(sql, {std::string(served_on), now, salt, int64_t{percent}}));
        written += result.affected_rows;
      }
      return written;
    });
  }

 private:
  Database& database_;
  const crypto::KeyRing* keys_;
};

}  // namespace

std::unique_ptr<care::RehabilitationRepository> MakeSqlRehabilitationRepository(
    Database& database, const crypto::KeyRing* keys) {
  return std::make_unique<SqlRehabilitationRepository>(database, keys);
}

}  // namespace linli::storage
