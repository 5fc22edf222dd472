#include "storage/audit/audit_repository.hpp"

#include <optional>
#include <string>
#include <vector>

#include "storage/keyset.hpp"
#include "storage/scope_sql.hpp"

namespace linli::storage {
namespace {

constexpr std::string_view kColumns =
    "sequence, at, actor_id, actor_name, action, subject_type, subject_id, division_code, "
    "detail, remote_address, request_id, previous_hash, hash, chain_key_id";
constexpr int64_t kVerifyPageSize = 1000;
constexpr int64_t kAuditChainKeyMigration = 15;  // 0015_audit_chain_key.sql

// known_action (optional) is set to whether the stored action name is one this program writes.
audit::StoredAuditEntry RecordFromRow(const Row& row, bool* known_action = nullptr) {
  audit::StoredAuditEntry record;
  record.sequence = row.Int(0);
  record.entry.at = row.Int(1);
  record.entry.actor_id = row.Int(2);
  record.entry.actor_name = row.Text(3);
  const std::string action = row.Text(4);
  const auto parsed = audit::ParseAuditAction(action);
  // An unknown name cannot come from Append (only from tampering): the verifier reports it.
  record.entry.action = parsed.value_or(audit::AuditAction::kRead);
  if (known_action != nullptr) *known_action = parsed.has_value();
  record.entry.subject_type = row.Text(5);
  record.entry.subject_id = row.Text(6);
  record.entry.division_code = row.Text(7);
  record.entry.detail = row.Text(8);
  record.entry.remote_address = row.Text(9);
  record.entry.request_id = row.Text(10);
  record.previous_hash = row.Text(11);
  record.hash = row.Text(12);
  record.chain_key_id = row.Text(13);
  return record;
}

core::Error NoKeys() {
  return core::Error::FailedPrecondition(
      "未配置密钥，无法写入审计记录：审计链以密钥文件中的密钥计算，请设置 LINLI_KEYS 或密钥文件");
}

class SqlAuditLog final : public audit::AuditLog {
 public:
  SqlAuditLog(Database& database, const crypto::KeyRing* keys)
      : database_(database), keys_(keys ? std::optional<crypto::KeyRing>(*keys) : std::nullopt) {}

  core::Status Append(const audit::AuditEntry& entry) override {
    if (!keys_) return NoKeys();
    ASSIGN_OR_RETURN(ConnectionHandle connection, database_.Acquire());
    return InTransaction(*connection, [&](Connection& c) -> core::Status {
      return AppendAuditIn(c, *keys_, entry);
    });
  }

 private:
  Database& database_;
  std::optional<crypto::KeyRing> keys_;
};

class SqlAuditRepository final : public audit::AuditRepository {
 public:
  SqlAuditRepository(Database& database, const crypto::KeyRing* keys)
      : database_(database), keys_(keys ? std::optional<crypto::KeyRing>(*keys) : std::nullopt) {}

  core::Result<core::Page<audit::StoredAuditEntry>> List(const core::Scope& scope,
                                                         const audit::AuditQuery& query,
                                                         const core::PageRequest& page) override {
    return ListAudit(database_, scope, query, page);
  }
  core::Result<audit::VerifyReport> Verify(const audit::VerifyAnchor& anchor) override {
    return VerifyAuditChain(database_, keys_ ? &*keys_ : nullptr, anchor);
  }

 private:
  Database& database_;
  std::optional<crypto::KeyRing> keys_;
};

}  // namespace

core::Status AppendAuditIn(Connection& connection, const crypto::KeyRing& keys,
                           const audit::AuditEntry& entry) {
  if (!audit::ParseAuditAction(audit::AuditActionName(entry.action))) {
    return core::Error::InvalidArgument("审计操作类型无效", "action");
  }
  if (connection.dialect() == Dialect::kPostgres) {
    ASSIGN_OR_RETURN(
        QueryResult locked,
        connection.Query("SELECT pg_advisory_xact_lock(CAST(? AS BIGINT))", {kAuditAppendLock}));
  }
  ASSIGN_OR_RETURN(
      QueryResult last,
      connection.Query("SELECT sequence, hash FROM audit_log ORDER BY sequence DESC LIMIT 1"));
  int64_t sequence = 1;
  std::string previous_hash(audit::kGenesisHash);
  if (!last.rows.empty()) {
    sequence = last.rows[0].Int(0) + 1;
    previous_hash = last.rows[0].Text(1);
  }
  // Every record written since migration 0015 is past the cut-over it recorded: keyed.
  const std::string& key_id = keys.current_key_id();
  ASSIGN_OR_RETURN(std::string hash,
                   audit::ComputeKeyedAuditHash(keys, key_id, previous_hash, sequence, entry));
  ASSIGN_OR_RETURN(
      QueryResult inserted,
      connection.Query("INSERT INTO audit_log (" + std::string(kColumns) +
                           ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       {sequence, entry.at, entry.actor_id, entry.actor_name,
                        std::string(audit::AuditActionName(entry.action)), entry.subject_type,
                        entry.subject_id, entry.division_code, entry.detail, entry.remote_address,
                        entry.request_id, previous_hash, hash, key_id}));
  return core::Ok();
}

std::unique_ptr<audit::AuditLog> MakeSqlAuditLog(Database& database, const crypto::KeyRing* keys) {
  return std::make_unique<SqlAuditLog>(database, keys);
}

core::Result<std::optional<int64_t>> AuditChainKeyedFrom(Connection& connection) {
  ASSIGN_OR_RETURN(QueryResult cut, connection.Query("SELECT keyed_from FROM audit_chain"));
  if (cut.rows.size() != 1) return std::optional<int64_t>();
  return std::optional<int64_t>(cut.rows[0].Int(0));
}

core::Result<audit::VerifyReport> VerifyAuditChain(Database& database, const crypto::KeyRing* keys,
                                                   const audit::VerifyAnchor& anchor) {
  ASSIGN_OR_RETURN(ConnectionHandle connection, database.Acquire());
  // A database (or a backup's copy) from before migration 0015 holds only the plain chain.
  ASSIGN_OR_RETURN(QueryResult keyed_schema,
                   connection->Query("SELECT COUNT(*) FROM schema_migrations WHERE version = ?",
                                     {kAuditChainKeyMigration}));
  const bool keyed = keyed_schema.rows.at(0).Int(0) > 0;
  std::string columns(kColumns);
  if (!keyed) columns.replace(columns.rfind("chain_key_id"), std::string::npos, "''");
  const std::string sql =
      "SELECT " + columns + " FROM audit_log WHERE sequence > ? ORDER BY sequence LIMIT ?";
  audit::ChainVerifier verifier(anchor);
  if (keyed) {
    // One row, written by migration 0015; none (or several) means it was tampered with, and the
    // strictest reading (everything keyed) applies.
    ASSIGN_OR_RETURN(std::optional<int64_t> keyed_from, AuditChainKeyedFrom(*connection));
    verifier = audit::ChainVerifier(anchor, {keyed_from.value_or(1), keys});
    if (!keyed_from) verifier.FailMissingCutOver();
  }
  int64_t after = 0;
  while (true) {
    ASSIGN_OR_RETURN(QueryResult page, connection->Query(sql, {after, kVerifyPageSize}));
    for (const Row& row : page.rows) {
      bool known_action = true;
      audit::StoredAuditEntry record = RecordFromRow(row, &known_action);
      if (known_action) {
        TRY(verifier.Feed(record));
      } else {
        verifier.FeedUnreadable(record, "unknown action " + row.Text(4));
      }
      after = record.sequence;
    }
    if (static_cast<int64_t>(page.rows.size()) < kVerifyPageSize) break;
  }
  return verifier.Finish();
}

core::Result<core::Page<audit::StoredAuditEntry>> ListAudit(Database& database,
                                                            const core::Scope& scope,
                                                            const audit::AuditQuery& query,
                                                            const core::PageRequest& page) {
  std::vector<Value> params;
  std::string sql = "SELECT " + std::string(kColumns) + " FROM audit_log WHERE ";
  sql += ScopeClause(scope, "division_code", params);
  if (!query.subject_type.empty()) {
    sql += " AND subject_type = ?";
    params.emplace_back(query.subject_type);
  }
  if (!query.subject_id.empty()) {
    sql += " AND subject_id = ?";
    params.emplace_back(query.subject_id);
  }
  if (query.actor_id) {
    sql += " AND actor_id = ?";
    params.emplace_back(*query.actor_id);
  }
  if (query.action) {
    sql += " AND action = ?";
    params.emplace_back(std::string(audit::AuditActionName(*query.action)));
  }
  if (query.from_at) {
    sql += " AND at >= ?";
    params.emplace_back(*query.from_at);
  }
  if (query.until_at) {
    sql += " AND at < ?";
    params.emplace_back(*query.until_at);
  }
  return KeysetPage(
      database, std::move(sql), std::move(params), Keyset::ById("sequence", SortOrder::kDescending),
      page, [](const Row& row) { return RecordFromRow(row); },
      [](const audit::StoredAuditEntry& record) { return record.sequence; });
}

std::unique_ptr<audit::AuditRepository> MakeSqlAuditRepository(Database& database,
                                                               const crypto::KeyRing* keys) {
  return std::make_unique<SqlAuditRepository>(database, keys);
}

}  // namespace linli::storage
