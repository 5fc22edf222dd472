#include "storage/backup/check.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include "core/crypto/sm3_stream.hpp"
#include "core/text.hpp"
#include "storage/audit/audit_repository.hpp"
#include "storage/backup/internal/run_program.hpp"

namespace linli::storage {
namespace {

namespace fs = std::filesystem;

void Add(CheckReport& report, std::string chinese, std::string english) {
  report.problems.push_back({std::move(chinese), std::move(english)});
}

void AddError(CheckReport& report, const std::string& chinese, const std::string& english,
              const core::Error& error) {
  Add(report, chinese + "：" + error.message, english + ": " + error.message);
}

// The text columns of a table: declared TEXT/CHAR/CLOB (SQLite's text affinity) or PostgreSQL's
// text and character types.
core::Result<std::vector<std::string>> TextColumns(Connection& connection,
                                                   const std::string& table) {
  const bool sqlite = connection.dialect() == Dialect::kSqlite;
  ASSIGN_OR_RETURN(
      QueryResult result,
      connection.Query(sqlite ? "SELECT name, upper(type) FROM pragma_table_info(?) ORDER BY cid"
                              : "SELECT column_name, data_type FROM information_schema.columns "
                                "WHERE table_schema = current_schema() AND table_name = ? "
                                "ORDER BY ordinal_position",
                       {table}));
  std::vector<std::string> columns;
  for (const auto& row : result.rows) {
    const std::string type = row.Text(1);
    const bool text =
        sqlite ? (type.find("TEXT") != std::string::npos ||
                  type.find("CHAR") != std::string::npos || type.find("CLOB") != std::string::npos)
               : (type == "text" || type == "character varying" || type == "character");
    if (text) columns.push_back(row.Text(0));
  }
  return columns;
}

// Stored text the boundary would now refuse (core::TextProblem: invalid UTF-8, control
// characters, noncharacters, bidirectional controls), for text written before the boundary
// checked it (issue 15 item 15) or by hand. The multi-line rule applies to every column (which
// columns are single-line is known to the modules, not here). Rows are read in pages of 2,000 by
// rowid (SQLite) or ctid (PostgreSQL); a problem names the table, column, count and first row —
// never the text, which may be personal data.
void CheckStoredText(Connection& connection, const std::vector<std::string>& tables,
                     CheckReport& report) {
  const bool sqlite = connection.dialect() == Dialect::kSqlite;
  constexpr int kPage = 2000;
  int64_t values = 0;
  std::vector<std::string> skipped;
  for (const auto& table : tables) {
    auto columns = TextColumns(connection, table);
    if (!columns.ok()) {
      AddError(report, "无法读取表 " + table + " 的列", "cannot list the columns of " + table,
               columns.error());
      continue;
    }
    if (columns->empty()) continue;
    if (sqlite) {
      auto without_rowid =
          connection.Query("SELECT wr FROM pragma_table_list WHERE name = ?", {table});
      if (without_rowid.ok() && !without_rowid->rows.empty() && without_rowid->rows[0].Int(0)) {
        skipped.push_back(table);  // derived tables (name grams): no rowid to page by
        continue;
      }
    }
    std::string select = sqlite ? "SELECT rowid" : "SELECT ctid::text";
    for (const auto& column : *columns) select += ", " + QuoteIdentifier(column);
    select += " FROM " + QuoteIdentifier(table) +
              (sqlite ? " WHERE rowid > ? ORDER BY rowid"
                      : " WHERE ctid > CAST(? AS tid) ORDER BY ctid") +
              " LIMIT " + std::to_string(kPage);
    struct Bad {
      int64_t count = 0;
      std::string first_row;
      std::string first_problem;
    };
    std::vector<Bad> bad(columns->size());
    Value after = sqlite ? Value(int64_t{0}) : Value(std::string("(0,0)"));
    while (true) {
      auto page = connection.Query(select, {after});
      if (!page.ok()) {
        AddError(report, "无法读取表 " + table + " 的文本", "cannot read the text of " + table,
                 page.error());
        break;
      }
      for (const auto& row : page->rows) {
        for (size_t c = 0; c < columns->size(); ++c) {
          const auto* text = std::get_if<std::string>(&row.At(c + 1));
          if (text == nullptr) continue;
          ++values;
          auto problem = core::TextProblem(*text, core::TextRule::kMultiLine);
          if (!problem) continue;
          if (bad[c].count++ == 0) {
            bad[c].first_row = row.Text(0);
            bad[c].first_problem = *problem;
          }
        }
      }
      if (page->rows.size() < static_cast<size_t>(kPage)) break;
      after = sqlite ? Value(page->rows.back().Int(0)) : Value(page->rows.back().Text(0));
    }
    for (size_t c = 0; c < columns->size(); ++c) {
      if (bad[c].count == 0) continue;
      const std::string where = table + "." + (*columns)[c];
      Add(report,
          where + " 有 " + std::to_string(bad[c].count) +
              " 个值是现在的输入检查会拒绝的文本（第一个在行 " + bad[c].first_row + "：" +
              bad[c].first_problem + "）",
          where + " holds " + std::to_string(bad[c].count) +
              " values the input boundary now refuses (invalid UTF-8 or control characters; "
              "first at row " +
              bad[c].first_row + ")");
    }
  }
  std::string note = "stored text: " + std::to_string(values) +
                     " values checked against the input boundary's rule";
  if (!skipped.empty()) {
    note += " (tables without rowid skipped:";
    for (const auto& table : skipped) note += " " + table;
    note += ")";
  }
  report.notes.push_back(std::move(note));
}

// SQLite's own checks: page structure, indexes against tables, foreign keys.
void CheckSqliteIntegrity(Connection& connection, const CheckOptions& options,
                          CheckReport& report) {
  const std::string limit = std::to_string(options.max_lines_per_check);
  auto integrity = connection.Query("PRAGMA integrity_check(" + limit + ")");
  if (!integrity.ok()) {
    // A page too damaged for the check to walk stops it with an error ("malformed").
    AddError(report, "数据库完整性检查未通过", "the integrity check failed", integrity.error());
  } else if (!(integrity->rows.size() == 1 && integrity->rows[0].Text(0) == "ok")) {
    for (const auto& row : integrity->rows) {
      Add(report, "数据库页结构或索引损坏：" + row.Text(0),
          "database pages or indexes are damaged: " + row.Text(0));
    }
  }
  report.notes.push_back("SQLite integrity_check");
  auto foreign = connection.Query("PRAGMA foreign_key_check");
  if (!foreign.ok()) {
    AddError(report, "外键检查无法完成", "the foreign key check could not run", foreign.error());
    return;
  }
  size_t listed = 0;
  for (const auto& row : foreign->rows) {
    if (++listed > options.max_lines_per_check) {
      Add(report, "… 另有 " + std::to_string(foreign->rows.size() - listed + 1) + " 处外键问题",
          "… " + std::to_string(foreign->rows.size() - listed + 1) + " more foreign key problems");
      break;
    }
    const std::string where = row.Text(0) + " rowid " + row.Text(1) + " -> " + row.Text(2);
    Add(report, "外键引用的记录不存在：" + where, "a foreign key points at no row: " + where);
  }
  report.notes.push_back("SQLite foreign_key_check");
}

// PostgreSQL: amcheck when installed (indexes against their tables), and a read of every row.
void CheckPostgresIntegrity(Connection& connection, const std::vector<std::string>& tables,
                            CheckReport& report) {
  auto amcheck = connection.Query("SELECT COUNT(*) FROM pg_extension WHERE extname = 'amcheck'");
  if (amcheck.ok() && amcheck->rows.at(0).Int(0) > 0) {
    auto indexes = connection.Query(
        "SELECT c.oid, c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
        "JOIN pg_am a ON a.oid = c.relam JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND a.amname = 'btree' ORDER BY c.relname");
    if (!indexes.ok()) {
      AddError(report, "无法列出索引", "cannot list the indexes", indexes.error());
    } else {
      for (const auto& row : indexes->rows) {
        // The oid comes from the catalogue just read: a number, safe to write into the SQL.
        auto checked = connection.Query("SELECT bt_index_check(" + std::to_string(row.Int(0)) +
                                        "::oid::regclass, true)");
        if (!checked.ok()) {
          AddError(report, "索引 " + row.Text(1) + " 损坏", "index " + row.Text(1) + " is damaged",
                   checked.error());
        }
      }
      report.notes.push_back("amcheck bt_index_check(heapallindexed) on " +
                             std::to_string(indexes->rows.size()) + " B-tree indexes");
    }
  } else {
    report.notes.push_back(
        "amcheck is not installed in this database (CREATE EXTENSION amcheck as a superuser "
        "enables the index check); every row was read instead");
  }
  for (const auto& table : tables) {
    auto read = connection.Query("SELECT COUNT(*) FROM (SELECT t::text FROM " +
                                 QuoteIdentifier(table) + " t) AS every_row");
    if (!read.ok()) {
      AddError(report, "表 " + table + " 无法完整读取",
               "table " + table + " cannot be read in full", read.error());
    }
  }
  report.notes.push_back("every row of " + std::to_string(tables.size()) + " tables read");
}

// Compares what a restored or copied backup holds with its manifest.
void CompareWithManifest(const BackupManifest& manifest, const CheckReport& copy,
                         CheckReport& report) {
  std::map<std::string, int64_t> found;
  for (const auto& table : copy.tables) found[table.table] = table.rows;
  for (const auto& expected : manifest.tables) {
    auto it = found.find(expected.table);
    if (it == found.end()) {
      Add(report, "备份中缺少清单所列的表 " + expected.table,
          "table " + expected.table + " listed in the manifest is missing from the backup");
    } else if (it->second != expected.rows) {
      Add(report,
          "表 " + expected.table + " 有 " + std::to_string(it->second) + " 行，清单记录 " +
              std::to_string(expected.rows) + " 行",
          "table " + expected.table + " holds " + std::to_string(it->second) +
              " rows; the manifest says " + std::to_string(expected.rows));
    }
  }
  if (copy.key_ids != manifest.key_ids) {
    std::string ids;
    for (const auto& id : copy.key_ids) ids += (ids.empty() ? "" : ",") + id;
    Add(report, "备份中密文所用的密钥（" + ids + "）与清单不符",
        "the key ids named in the backup (" + ids + ") differ from the manifest's");
  }
}

}  // namespace

core::Result<CheckReport> CheckDatabase(Database& database, const CheckOptions& options) {
  CheckReport report;
  ASSIGN_OR_RETURN(ConnectionHandle connection, database.Acquire());
  auto tables = ListTables(*connection);
  if (!tables.ok()) {
    AddError(report, "无法读取数据库的表清单", "cannot list the database's tables", tables.error());
    return report;
  }
  if (std::find(tables->begin(), tables->end(), "schema_migrations") == tables->end()) {
    Add(report, "这不是 Linli 数据库（没有 schema_migrations 表）",
        "not a Linli database (no schema_migrations table)");
    return report;
  }
  auto version = connection->Query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  if (!version.ok()) {
    AddError(report, "无法读取数据库结构版本", "cannot read the schema version", version.error());
  } else {
    report.schema_version = static_cast<int>(version->rows.at(0).Int(0));
    if (report.schema_version > options.known_schema_version) {
      Add(report,
          "数据库结构版本 " + std::to_string(report.schema_version) + " 比本程序支持的 " +
              std::to_string(options.known_schema_version) + " 新，请升级程序",
          "the schema version " + std::to_string(report.schema_version) +
              " is newer than this binary knows (" + std::to_string(options.known_schema_version) +
              ")");
    } else if (report.schema_version < options.known_schema_version) {
      report.notes.push_back("schema version " + std::to_string(report.schema_version) +
                             " is older than this binary's " +
                             std::to_string(options.known_schema_version) +
                             ": `linli migrate` upgrades it");
    }
  }

  if (connection->dialect() == Dialect::kSqlite) {
    CheckSqliteIntegrity(*connection, options, report);
  } else {
    CheckPostgresIntegrity(*connection, *tables, report);
  }
  CheckStoredText(*connection, *tables, report);
  if (auto counts = CountRows(*connection, *tables); counts.ok()) {
    report.tables = std::move(*counts);
  } else {
    AddError(report, "无法统计各表行数", "cannot count the rows of the tables", counts.error());
  }

  if (auto use = CollectKeyUse(*connection); use.ok()) {
    report.key_ids = KeyIdsOf(*use);
    if (use->unreadable > 0) {
      Add(report, std::to_string(use->unreadable) + " 个加密字段的值不是有效密文",
          std::to_string(use->unreadable) + " encrypted values are not valid ciphertexts");
    }
    for (auto& problem : KeyProblems(report.key_ids, use->samples, options.keys)) {
      report.problems.push_back(std::move(problem));
    }
    report.notes.push_back(
        "key ids in use (ciphertexts and keyed audit records) checked against "
        "the key ring");
    if (use->unbound > 0) {
      report.notes.push_back(std::to_string(use->unbound) +
                             " encrypted values in the old format bound to no row: `linli keys "
                             "rotate` binds them (decision 0015)");
    }
  } else {
    AddError(report, "无法读取加密字段", "cannot read the encrypted columns", use.error());
  }
  // The connection goes back before the audit walk, which borrows its own.
  connection = ConnectionHandle(nullptr, nullptr);

  auto audit = VerifyAuditChain(database, options.keys);
  if (!audit.ok()) {
    AddError(report, "审计链无法核验", "the audit chain could not be verified", audit.error());
  } else {
    report.audit_records = audit->entries;
    report.audit_verified = true;
    if (!audit->intact) {
      Add(report,
          "审计链在第 " + std::to_string(audit->first_bad_sequence) + " 条记录处断开：" +
              audit->problem,
          "the audit chain is broken at record " + std::to_string(audit->first_bad_sequence) +
              ": " + audit->problem);
    }
    report.notes.push_back(
        "audit chain of " + std::to_string(audit->entries) + " records recomputed" +
        (audit->keyed_from > 0 ? " (plain SM3 before record " + std::to_string(audit->keyed_from) +
                                     ", HMAC-SM3 from it on)"
                               : std::string()));
  }
  return report;
}

core::Result<CheckReport> CheckBackup(const std::filesystem::path& backup,
                                      const CheckOptions& options) {
  CheckReport report;
  auto manifest = ReadManifest(backup);
  if (!manifest.ok()) {
    AddError(report, "备份清单无法读取", "the backup's manifest cannot be read", manifest.error());
    return report;
  }
  report.schema_version = manifest->schema_version;
  report.key_ids = manifest->key_ids;
  report.tables = manifest->tables;
  std::error_code error;
  const auto size = fs::file_size(backup, error);
  if (error) {
    Add(report, "找不到备份文件 " + backup.string(), "backup file not found: " + backup.string());
    return report;
  }
  if (static_cast<int64_t>(size) != manifest->file_bytes) {
    Add(report,
        "备份文件大小 " + std::to_string(size) + " 字节，清单记录 " +
            std::to_string(manifest->file_bytes) + " 字节（文件被截断或改动）",
        "the backup holds " + std::to_string(size) + " bytes; the manifest says " +
            std::to_string(manifest->file_bytes) + " (truncated or changed)");
  }
  auto sm3 = crypto::Sm3HexOfFile(backup);
  if (!sm3.ok()) {
    AddError(report, "无法计算备份文件的 SM3", "cannot compute the backup's SM3", sm3.error());
  } else if (*sm3 != manifest->sm3) {
    Add(report, "备份文件的 SM3 校验值与清单不符（文件已损坏或被改动）",
        "the backup's SM3 differs from the manifest's: the file is damaged or changed");
  }
  report.notes.push_back("size and SM3 compared with the manifest");
  if (manifest->schema_version > options.known_schema_version) {
    Add(report,
        "备份的数据库结构版本 " + std::to_string(manifest->schema_version) + " 比本程序支持的新",
        "the backup's schema version " + std::to_string(manifest->schema_version) +
            " is newer than this binary knows");
  }
  for (auto& problem : KeyProblems(manifest->key_ids, manifest->key_samples, options.keys)) {
    report.problems.push_back(std::move(problem));
  }

  if (manifest->engine == "postgresql") {
    auto listed = internal::RunProgram(
        {internal::ToolPath(options.pg_tools_dir, "pg_restore"), "--list", backup.string()});
    if (!listed.ok()) {
      AddError(report, "无法运行 pg_restore", "cannot run pg_restore", listed.error());
    } else if (listed->exit_status != 0) {
      Add(report, "PostgreSQL 备份的目录无法读取：" + listed->errors,
          "the dump's table of contents cannot be read: " + listed->errors);
    }
    report.notes.push_back(
        "PostgreSQL dump: table of contents read; restore it into a scratch database and run "
        "`linli check` there for the full check");
    return report;
  }

  // SQLite: check a scratch copy as a database (opening it converts it to WAL mode, which must
  // not touch the backup itself).
  static std::atomic<int> counter{0};
  const fs::path scratch =
      fs::temp_directory_path() / ("linli-check-" + std::to_string(::getpid()) + "-" +
                                   std::to_string(counter.fetch_add(1)) + ".db");
  fs::copy_file(backup, scratch, fs::copy_options::overwrite_existing, error);
  if (error) {
    Add(report, "无法复制备份以检查：" + error.message(),
        "cannot copy the backup for checking: " + error.message());
    return report;
  }
  auto remove_scratch = [&] {
    std::error_code ignored;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
      fs::remove(scratch.string() + suffix, ignored);
    }
  };
  OpenOptions open;
  open.pool_size = 2;
  auto copy = OpenDatabase("sqlite:" + scratch.string(), open);
  if (!copy.ok()) {
    AddError(report, "备份无法作为数据库打开", "the backup cannot be opened as a database",
             copy.error());
    remove_scratch();
    return report;
  }
  auto checked = CheckDatabase(**copy, options);
  (*copy)->Close();
  copy->reset();
  remove_scratch();
  if (!checked.ok()) {
    AddError(report, "备份无法检查", "the backup cannot be checked", checked.error());
    return report;
  }
  for (auto& problem : checked->problems) {
    // The key ring was already compared with the manifest's samples above.
    const bool repeated =
        std::any_of(report.problems.begin(), report.problems.end(),
                    [&](const Problem& p) { return p.english == problem.english; });
    if (repeated) continue;
    report.problems.push_back(
        {"备份中：" + problem.chinese, "in the backup: " + std::move(problem.english)});
  }
  for (auto& note : checked->notes) report.notes.push_back("backup: " + note);
  CompareWithManifest(*manifest, *checked, report);
  report.audit_records = checked->audit_records;
  report.audit_verified = checked->audit_verified;
  return report;
}

}  // namespace linli::storage
