#include "storage/scheduler/job_repository.hpp"

#include "storage/values.hpp"

namespace linli::storage {

namespace {

using scheduler::JobRecord;
using scheduler::RunRecord;

constexpr const char* kRecordSelect =
    "SELECT r.name, r.scheduled_through, r.last_scheduled_at, r.last_started_at, "
    "r.last_finished_at, r.last_duration_ms, r.last_ok, r.last_error, r.last_trigger, r.runs, "
    "r.failures, COALESCE(l.holder, ''), COALESCE(l.expires_at, 0) FROM job_runs r LEFT JOIN "
    "job_leases l ON l.name = r.name";

JobRecord RecordFromRow(const Row& row) {
  JobRecord record;
  record.name = row.Text(0);
  record.scheduled_through = row.Int(1);
  record.last_scheduled_at = IntOrNullopt(row, 2);
  record.last_started_at = IntOrNullopt(row, 3);
  record.last_finished_at = IntOrNullopt(row, 4);
  record.last_duration_ms = row.Int(5);
  if (!row.IsNull(6)) record.last_ok = row.Int(6) != 0;
  record.last_error = row.Text(7);
  record.last_trigger = row.Text(8);
  record.runs = row.Int(9);
  record.failures = row.Int(10);
  record.lease_holder = row.Text(11);
  record.lease_expires_at = row.Int(12);
  return record;
}

class SqlJobRepository final : public scheduler::JobRepository {
 public:
  explicit SqlJobRepository(Database& database) : database_(database) {}

  core::Result<JobRecord> Ensure(std::string_view name, int64_t now) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    const std::string key(name);
    TRY(connection->Query(
        "INSERT INTO job_runs (name, scheduled_through) VALUES (?, ?) ON CONFLICT (name) DO "
        "NOTHING",
        {key, now}));
    ASSIGN_OR_RETURN(auto result,
                     connection->Query(std::string(kRecordSelect) + " WHERE r.name = ?", {key}));
    if (result.rows.empty()) return core::Error::Internal("任务记录未能写入：" + key);
    return RecordFromRow(result.rows.front());
  }

  core::Result<std::vector<JobRecord>> List() override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result,
                     connection->Query(std::string(kRecordSelect) + " ORDER BY r.name", {}));
    std::vector<JobRecord> out;
    out.reserve(result.rows.size());
    for (const auto& row : result.rows) out.push_back(RecordFromRow(row));
    return out;
  }

  core::Result<bool> TryLease(std::string_view name, std::string_view holder, int64_t now,
                              int64_t expires_at) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    const std::string key(name);
    return InTransaction<bool>(*connection, [&](Connection& c) -> core::Result<bool> {
      TRY(
          c.Query("INSERT INTO job_leases (name, holder, expires_at) VALUES (?, '', 0) ON CONFLICT "
                  "(name) DO NOTHING",
                  {key}));
      ASSIGN_OR_RETURN(auto taken, c.Query("UPDATE job_leases SET holder = ?, expires_at = ? "
                                           "WHERE name = ? AND (holder = '' OR expires_at <= ?)",
                                           {std::string(holder), expires_at, key, now}));
      return taken.affected_rows == 1;
    });
  }

  core::Status Release(std::string_view name, std::string_view holder) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    TRY(connection->Query(
        "UPDATE job_leases SET holder = '', expires_at = 0 WHERE name = ? AND holder = ?",
        {std::string(name), std::string(holder)}));
    return core::Ok();
  }

  core::Status RecordRun(const RunRecord& run) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(
        auto updated,
        connection->Query(
            "UPDATE job_runs SET last_scheduled_at = ?, last_started_at = ?, last_finished_at = "
            "?, last_duration_ms = ?, last_ok = ?, last_error = ?, last_trigger = ?, runs = runs "
            "+ 1, failures = failures + ?, scheduled_through = COALESCE(CAST(? AS BIGINT), "
            "scheduled_through) WHERE name = ?",
            {run.scheduled_at, run.started_at, run.finished_at, run.duration_ms,
             int64_t(run.ok ? 1 : 0), run.error, run.trigger, int64_t(run.ok ? 0 : 1),
             OptionalInt(run.scheduled_through), run.name}));
    if (updated.affected_rows != 1) return core::Error::Internal("任务记录不存在：" + run.name);
    return core::Ok();
  }

 private:
  Database& database_;
};

}  // namespace

std::unique_ptr<scheduler::JobRepository> MakeSqlJobRepository(Database& database) {
  return std::make_unique<SqlJobRepository>(database);
}

}  // namespace linli::storage
