#include "storage/backup/backup.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <boost/json.hpp>
#include <fstream>
#include <set>
#include <sstream>

#include "core/crypto/sm3_stream.hpp"
#include "storage/backup/internal/run_program.hpp"

namespace linli::storage {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

constexpr int64_t kDayMs = 24LL * 3600 * 1000;

// What one consistent view of a database holds (taken on the connection given).
struct Inventory {
  int schema_version = 0;
  std::vector<TableRows> tables;
  KeyUse key_use;
};

core::Result<Inventory> TakeInventory(Connection& connection) {
  Inventory inventory;
  ASSIGN_OR_RETURN(std::vector<std::string> tables, ListTables(connection));
  if (std::find(tables.begin(), tables.end(), "schema_migrations") != tables.end()) {
    ASSIGN_OR_RETURN(QueryResult version,
                     connection.Query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
    inventory.schema_version = static_cast<int>(version.rows.at(0).Int(0));
  }
  ASSIGN_OR_RETURN(inventory.tables, CountRows(connection, tables));
  ASSIGN_OR_RETURN(inventory.key_use, CollectKeyUse(connection));
  return inventory;
}

void FillFromInventory(BackupManifest& manifest, Inventory inventory) {
  manifest.schema_version = inventory.schema_version;
  manifest.tables = std::move(inventory.tables);
  manifest.key_ids = KeyIdsOf(inventory.key_use);
  manifest.key_samples = std::move(inventory.key_use.samples);
}

core::Status WriteFileAtomically(const fs::path& path, const std::string& content) {
  const fs::path part = path.string() + ".part";
  {
    std::ofstream out(part, std::ios::binary | std::ios::trunc);
    out << content;
    out.close();
    if (!out) return core::Error::Unavailable("无法写入 (cannot write) " + part.string());
  }
  std::error_code error;
  fs::rename(part, path, error);
  if (error) {
    return core::Error::Unavailable("无法写入 (cannot write) " + path.string() + ": " +
                                    error.message());
  }
  return core::Ok();
}

void RemoveQuietly(const fs::path& path) {
  std::error_code ignored;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    fs::remove(path.string() + suffix, ignored);
  }
}

core::Result<std::string> SqlitePathOf(std::string_view url) {
  if (url.rfind("sqlite:", 0) != 0) {
    return core::Error::InvalidArgument("不是 SQLite 数据库地址 (not a sqlite: URL)",
                                        "database_url");
  }
  std::string_view path = url.substr(7);
  if (path.rfind("//", 0) == 0) path.remove_prefix(2);
  if (path.empty() || path == ":memory:") {
    return core::Error::InvalidArgument("SQLite 数据库应为文件 (a file database is needed)",
                                        "database_url");
  }
  return std::string(path);
}

bool IsPostgresUrl(std::string_view url) {
  return url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0;
}

// "file:" URI of a path, read-only and immutable: SQLite neither locks nor writes it.
std::string ImmutableUri(const std::string& path) {
  std::string uri = "file:";
  for (char c : fs::absolute(path).string()) {
    if (c == '%' || c == '?' || c == '#') {
      char escaped[4];
      std::snprintf(escaped, sizeof escaped, "%%%02X", static_cast<unsigned char>(c));
      uri += escaped;
    } else {
      uri += c;
    }
  }
  return uri + "?mode=ro&immutable=1";
}

core::Status FinishFile(BackupManifest& manifest, const fs::path& part, const fs::path& out) {
  ASSIGN_OR_RETURN(manifest.sm3, crypto::Sm3HexOfFile(part));
  std::error_code error;
  manifest.file_bytes = static_cast<int64_t>(fs::file_size(part, error));
  if (error) return core::Error::Unavailable("无法读取备份文件大小: " + error.message());
  manifest.file = out.filename().string();
  // The manifest first: a backup file without its manifest is never left looking complete.
  TRY(WriteFileAtomically(ManifestPathFor(out), ManifestToJson(manifest)));
  fs::rename(part, out, error);
  if (error) {
    return core::Error::Unavailable("无法写入备份文件 (cannot write) " + out.string() + ": " +
                                    error.message());
  }
  return core::Ok();
}

core::Status BackupSqlite(Database& database, const fs::path& part, BackupManifest& manifest) {
  {
    ASSIGN_OR_RETURN(ConnectionHandle connection, database.Acquire());
    // One read transaction: a consistent snapshot while writers go on (WAL).
    ASSIGN_OR_RETURN(QueryResult ignored, connection->Query("VACUUM INTO ?", {part.string()}));
  }
  // The manifest describes the copy itself, so its counts and keys are those of the snapshot.
  OpenOptions options;
  options.pool_size = 1;
  ASSIGN_OR_RETURN(auto copy, OpenDatabase("sqlite:" + part.string(), options));
  core::Result<Inventory> inventory = [&]() -> core::Result<Inventory> {
    ASSIGN_OR_RETURN(ConnectionHandle connection, copy->Acquire());
    return TakeInventory(*connection);
  }();
  copy->Close();
  copy.reset();
  if (!inventory.ok()) return inventory.error();
  std::error_code ignored;
  if (fs::exists(part.string() + "-wal", ignored) && fs::file_size(part.string() + "-wal") > 0) {
    return core::Error::Internal("备份副本的 WAL 未合并 (the copy's WAL was not checkpointed)");
  }
  fs::remove(part.string() + "-wal", ignored);
  fs::remove(part.string() + "-shm", ignored);
  FillFromInventory(manifest, std::move(*inventory));
  return core::Ok();
}

core::Status BackupPostgres(Database& database, const fs::path& part, BackupManifest& manifest,
                            const BackupOptions& options) {
  ASSIGN_OR_RETURN(ConnectionHandle connection, database.Acquire());
  TRY(connection->Begin());
  auto run = [&]() -> core::Status {
    TRY(connection->ExecScript("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"));
    ASSIGN_OR_RETURN(QueryResult snapshot, connection->Query("SELECT pg_export_snapshot()"));
    ASSIGN_OR_RETURN(QueryResult schema, connection->Query("SELECT current_schema()"));
    // pg_dump reads under the same snapshot while this transaction stays open.
    ASSIGN_OR_RETURN(internal::ProgramResult dump,
                     internal::RunProgram(
                         {internal::ToolPath(options.pg_tools_dir, "pg_dump"), "--format=custom",
                          "--no-password", "--snapshot=" + snapshot.rows.at(0).Text(0),
                          "--schema=" + schema.rows.at(0).Text(0), "--file=" + part.string(),
                          "--dbname=" + options.database_url}));
    if (dump.exit_status != 0) {
      return core::Error::Unavailable("pg_dump 失败 (pg_dump failed, status " +
                                      std::to_string(dump.exit_status) + "): " + dump.errors);
    }
    ASSIGN_OR_RETURN(Inventory inventory, TakeInventory(*connection));
    FillFromInventory(manifest, std::move(inventory));
    return core::Ok();
  };
  core::Status status = run();
  if (!status.ok()) {
    (void)connection->Rollback();
    return status;
  }
  return connection->Commit();
}

// ----- restore -----

core::Status RestoreSqlite(const fs::path& in, const std::string& url) {
  ASSIGN_OR_RETURN(std::string target, SqlitePathOf(url));
  const bool existed = fs::exists(target);
  if (fs::path(target).has_parent_path()) {
    std::error_code error;
    fs::create_directories(fs::path(target).parent_path(), error);
  }
  sqlite3* source = nullptr;
  sqlite3* destination = nullptr;
  auto close = [&] {
    sqlite3_close_v2(source);
    sqlite3_close_v2(destination);
  };
  const std::string uri = ImmutableUri(in.string());
  if (sqlite3_open_v2(uri.c_str(), &source, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr) !=
      SQLITE_OK) {
    core::Error error = core::Error::Unavailable("无法打开备份文件 (cannot open the backup): " +
                                                 std::string(sqlite3_errmsg(source)));
    close();
    return error;
  }
  if (sqlite3_open_v2(target.c_str(), &destination, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                      nullptr) != SQLITE_OK) {
    core::Error error = core::Error::Unavailable("无法打开目标数据库 (cannot open the target): " +
                                                 std::string(sqlite3_errmsg(destination)));
    close();
    return error;
  }
  sqlite3_busy_timeout(destination, 5000);
  sqlite3_stmt* statement = nullptr;
  int64_t objects = -1;
  if (sqlite3_prepare_v2(destination, "SELECT COUNT(*) FROM sqlite_master", -1, &statement,
                         nullptr) == SQLITE_OK &&
      sqlite3_step(statement) == SQLITE_ROW) {
    objects = sqlite3_column_int64(statement, 0);
  }
  sqlite3_finalize(statement);
  if (objects != 0) {
    close();
    return core::Error::FailedPrecondition(
        objects < 0 ? "无法读取目标数据库 (cannot read the target database) " + target
                    : "目标数据库不是空的，拒绝恢复 (the target database " + target +
                          " is not empty: " + std::to_string(objects) +
                          " schema objects; restore only into an empty database)");
  }
  sqlite3_backup* backup = sqlite3_backup_init(destination, "main", source, "main");
  int rc = SQLITE_ERROR;
  if (backup != nullptr) {
    rc = sqlite3_backup_step(backup, -1);
    sqlite3_backup_finish(backup);
  }
  std::string message = sqlite3_errmsg(destination);
  close();
  if (rc != SQLITE_DONE) {
    if (!existed) RemoveQuietly(target);
    return core::Error::Unavailable("恢复失败 (restore failed): " + message);
  }
  return core::Ok();
}

core::Result<std::vector<std::string>> ExistingSchemas(const std::string& url) {
  OpenOptions open;
  open.pool_size = 1;
  ASSIGN_OR_RETURN(auto target, OpenDatabase(url, open));
  ASSIGN_OR_RETURN(ConnectionHandle connection, target->Acquire());
  ASSIGN_OR_RETURN(QueryResult result, connection->Query("SELECT nspname FROM pg_namespace"));
  std::vector<std::string> names;
  for (const auto& row : result.rows) names.push_back(row.Text(0));
  return names;
}

// A `pg_restore --list` without the entries that create, or comment on, a schema in
// `existing` ("3; 2615 2200 SCHEMA - public postgres", "4236; 0 0 COMMENT - SCHEMA public …").
std::string WithoutExistingSchemas(const std::string& contents,
                                   const std::vector<std::string>& existing) {
  std::string kept;
  std::istringstream lines(contents);
  std::string line;
  while (std::getline(lines, line)) {
    bool drop = false;
    for (const auto& schema : existing) {
      for (const std::string& marker :
           {" SCHEMA - " + schema + " ", " COMMENT - SCHEMA " + schema + " "}) {
        if (line.rfind(';', 0) != 0 && line.find(marker) != std::string::npos) drop = true;
      }
    }
    if (!drop) kept += line + "\n";
  }
  return kept;
}

core::Status RestorePostgres(const fs::path& in, const RestoreOptions& options) {
  {
    OpenOptions open;
    open.pool_size = 1;
    ASSIGN_OR_RETURN(auto target, OpenDatabase(options.database_url, open));
    ASSIGN_OR_RETURN(ConnectionHandle connection, target->Acquire());
    ASSIGN_OR_RETURN(std::vector<std::string> tables, ListTables(*connection));
    if (!tables.empty()) {
      return core::Error::FailedPrecondition(
          "目标数据库不是空的，拒绝恢复 (the target database is not empty: " +
          std::to_string(tables.size()) + " tables; restore only into an empty database)");
    }
  }
  // The dump of one schema creates it (and comments on it); an empty database already has
  // `public`, so those entries of the table of contents are left out when the schema exists.
  ASSIGN_OR_RETURN(internal::ProgramResult contents,
                   internal::RunProgram({internal::ToolPath(options.pg_tools_dir, "pg_restore"),
                                         "--list", in.string()}));
  if (contents.exit_status != 0) {
    return core::Error::Unavailable("pg_restore --list 失败 (cannot read the dump): " +
                                    contents.errors);
  }
  ASSIGN_OR_RETURN(std::vector<std::string> existing, ExistingSchemas(options.database_url));
  const fs::path list = in.string() + ".restore-list";
  TRY(WriteFileAtomically(list, WithoutExistingSchemas(contents.output, existing)));
  auto restored_or = internal::RunProgram(
      {internal::ToolPath(options.pg_tools_dir, "pg_restore"), "--no-owner", "--no-privileges",
       "--exit-on-error", "--single-transaction", "--no-password", "--use-list=" + list.string(),
       "--dbname=" + options.database_url, in.string()});
  std::error_code ignored;
  fs::remove(list, ignored);
  ASSIGN_OR_RETURN(internal::ProgramResult restored, std::move(restored_or));
  if (restored.exit_status != 0) {
    return core::Error::Unavailable("pg_restore 失败，未写入任何数据 (pg_restore failed, status " +
                                    std::to_string(restored.exit_status) +
                                    "; single transaction, nothing kept): " + restored.errors);
  }
  return core::Ok();
}

core::Status CompareCounts(const BackupManifest& manifest, const std::string& url) {
  OpenOptions open;
  open.pool_size = 1;
  ASSIGN_OR_RETURN(auto target, OpenDatabase(url, open));
  ASSIGN_OR_RETURN(ConnectionHandle connection, target->Acquire());
  ASSIGN_OR_RETURN(std::vector<std::string> tables, ListTables(*connection));
  ASSIGN_OR_RETURN(std::vector<TableRows> counts, CountRows(*connection, tables));
  std::string differences;
  std::map<std::string, int64_t> restored;
  for (const auto& count : counts) restored[count.table] = count.rows;
  for (const auto& expected : manifest.tables) {
    auto found = restored.find(expected.table);
    const int64_t rows = found == restored.end() ? -1 : found->second;
    if (rows != expected.rows) {
      differences += " " + expected.table + " " + std::to_string(rows) + "/" +
                     std::to_string(expected.rows) + ";";
    }
  }
  if (!differences.empty()) {
    return core::Error::Internal(
        "恢复后的行数与清单不符 (row counts differ from the manifest, "
        "restored/expected):" +
        differences);
  }
  return core::Ok();
}

}  // namespace

// ----- manifest -----

std::filesystem::path ManifestPathFor(const std::filesystem::path& backup) {
  return backup.string() + ".manifest.json";
}

std::string ManifestToJson(const BackupManifest& manifest) {
  json::object root;
  root["format"] = manifest.format;
  root["engine"] = manifest.engine;
  root["file"] = manifest.file;
  root["file_bytes"] = manifest.file_bytes;
  root["sm3"] = manifest.sm3;
  root["schema_version"] = manifest.schema_version;
  root["created_at_ms"] = manifest.created_at_ms;
  root["linli_version"] = manifest.linli_version;
  json::array key_ids;
  for (const auto& id : manifest.key_ids) key_ids.emplace_back(id);
  root["key_ids"] = std::move(key_ids);
  root["index_key_id"] = manifest.index_key_id;
  json::array samples;
  for (const auto& sample : manifest.key_samples) {
    samples.emplace_back(json::object{{"key_id", sample.key_id},
                                      {"field", sample.field},
                                      {"ciphertext", sample.ciphertext},
                                      {"blind_index", sample.blind_index},
                                      {"table", sample.table},
                                      {"row_id", sample.row_id}});
  }
  root["key_samples"] = std::move(samples);
  json::object tables;
  for (const auto& table : manifest.tables) tables[table.table] = table.rows;
  root["tables"] = std::move(tables);
  return json::serialize(root) + "\n";
}

core::Result<BackupManifest> ManifestFromJson(std::string_view text) {
  const auto invalid = [](const std::string& what) {
    return core::Error::InvalidArgument("备份清单无效 (invalid backup manifest): " + what,
                                        "manifest");
  };
  boost::system::error_code ec;
  json::value value = json::parse(text, ec);
  if (ec || !value.is_object()) return invalid("not a JSON object");
  const json::object& root = value.as_object();
  BackupManifest manifest;
  try {
    manifest.format = static_cast<int>(root.at("format").to_number<int64_t>());
    if (manifest.format != kManifestFormat) {
      return invalid("format " + std::to_string(manifest.format) + " is not known");
    }
    manifest.engine = std::string(root.at("engine").as_string());
    manifest.file = std::string(root.at("file").as_string());
    manifest.file_bytes = root.at("file_bytes").to_number<int64_t>();
    manifest.sm3 = std::string(root.at("sm3").as_string());
    manifest.schema_version = static_cast<int>(root.at("schema_version").to_number<int64_t>());
    manifest.created_at_ms = root.at("created_at_ms").to_number<int64_t>();
    if (auto* version = root.if_contains("linli_version"); version && version->is_string()) {
      manifest.linli_version = std::string(version->as_string());
    }
    for (const auto& id : root.at("key_ids").as_array()) {
      manifest.key_ids.emplace_back(id.as_string());
    }
    if (auto* index = root.if_contains("index_key_id"); index && index->is_string()) {
      manifest.index_key_id = std::string(index->as_string());
    }
    if (auto* samples = root.if_contains("key_samples"); samples && samples->is_array()) {
      for (const auto& item : samples->as_array()) {
        const json::object& sample = item.as_object();
        KeySample read{std::string(sample.at("key_id").as_string()),
                       std::string(sample.at("field").as_string()),
                       std::string(sample.at("ciphertext").as_string()),
                       std::string(sample.at("blind_index").as_string())};
        // Manifests before decision 0015 have no place: their samples are version 1.
        if (auto* table = sample.if_contains("table"); table && table->is_string()) {
          read.table = std::string(table->as_string());
        }
        if (auto* row = sample.if_contains("row_id"); row && row->is_int64()) {
          read.row_id = row->as_int64();
        }
        manifest.key_samples.push_back(std::move(read));
      }
    }
    for (const auto& [table, rows] : root.at("tables").as_object()) {
      manifest.tables.push_back({std::string(table), rows.to_number<int64_t>()});
    }
  } catch (const std::exception& error) {
    return invalid(error.what());
  }
  if (manifest.engine != "sqlite" && manifest.engine != "postgresql") {
    return invalid("engine " + manifest.engine);
  }
  std::sort(manifest.tables.begin(), manifest.tables.end(),
            [](const TableRows& a, const TableRows& b) { return a.table < b.table; });
  return manifest;
}

core::Result<BackupManifest> ReadManifest(const std::filesystem::path& backup) {
  const fs::path path = ManifestPathFor(backup);
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return core::Error::NotFound("找不到备份清单 (manifest not found) " + path.string());
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  return ManifestFromJson(buffer.str());
}

// ----- backup -----

core::Result<BackupManifest> CreateBackup(Database& database, const std::filesystem::path& out,
                                          const BackupOptions& options) {
  std::error_code error;
  if (fs::exists(out, error) || fs::exists(ManifestPathFor(out), error)) {
    return core::Error::AlreadyExists(
        "备份文件已存在，不覆盖 (the backup file exists; not "
        "overwritten): " +
            out.string(),
        "out");
  }
  if (out.has_parent_path()) fs::create_directories(out.parent_path(), error);
  const fs::path part = out.string() + ".part";
  RemoveQuietly(part);  // a leftover of an interrupted run

  BackupManifest manifest;
  manifest.created_at_ms = options.now_ms;
  manifest.linli_version = options.linli_version;
  if (options.keys != nullptr) manifest.index_key_id = options.keys->index_key_id();
  core::Status made;
  if (database.dialect() == Dialect::kSqlite) {
    manifest.engine = "sqlite";
    made = BackupSqlite(database, part, manifest);
  } else {
    manifest.engine = "postgresql";
    made = BackupPostgres(database, part, manifest, options);
  }
  if (made.ok()) made = FinishFile(manifest, part, out);
  if (!made.ok()) {
    RemoveQuietly(part);
    return made.error();
  }
  return manifest;
}

// ----- restore -----

core::Result<BackupManifest> RestoreBackup(const std::filesystem::path& in,
                                           const RestoreOptions& options) {
  ASSIGN_OR_RETURN(BackupManifest manifest, ReadManifest(in));
  const bool postgres = IsPostgresUrl(options.database_url);
  if ((manifest.engine == "postgresql") != postgres) {
    return core::Error::InvalidArgument(
        "备份来自 " + manifest.engine + "，不能恢复到这种数据库 (a " + manifest.engine +
            " backup restores only into a database of the same engine)",
        "database_url");
  }
  std::error_code error;
  const auto size = fs::file_size(in, error);
  if (error) return core::Error::NotFound("找不到备份文件 (backup not found) " + in.string());
  ASSIGN_OR_RETURN(std::string sm3, crypto::Sm3HexOfFile(in));
  if (static_cast<int64_t>(size) != manifest.file_bytes || sm3 != manifest.sm3) {
    return core::Error::FailedPrecondition(
        "备份文件与清单不符（大小或 SM3 校验值不同），文件可能已损坏，拒绝恢复 (the backup file's "
        "size or SM3 differs from its manifest: it is damaged or not the file the manifest "
        "describes)");
  }
  if (manifest.schema_version > options.known_schema_version) {
    return core::Error::FailedPrecondition(
        "备份的数据库结构版本 " + std::to_string(manifest.schema_version) + " 比本程序支持的版本 " +
        std::to_string(options.known_schema_version) +
        " 新，请先升级程序 (the backup's schema is newer than this binary)");
  }
  std::vector<Problem> key_problems =
      KeyProblems(manifest.key_ids, manifest.key_samples, options.keys);
  if (!key_problems.empty()) {
    std::string lines;
    for (const auto& problem : key_problems) lines += "\n  " + problem.Line();
    return core::Error::FailedPrecondition(
        "密钥与备份不符，拒绝恢复 (the key ring cannot read this backup; nothing restored):" +
        lines);
  }
  if (postgres) {
    TRY(RestorePostgres(in, options));
  } else {
    TRY(RestoreSqlite(in, options.database_url));
  }
  TRY(CompareCounts(manifest, options.database_url));
  return manifest;
}

// ----- retention -----

core::Result<std::vector<StoredBackup>> ListBackups(const std::filesystem::path& folder) {
  std::vector<StoredBackup> backups;
  std::error_code error;
  fs::directory_iterator entries(folder, error);
  if (error) {
    return core::Error::Unavailable("无法读取备份目录 (cannot list) " + folder.string() + ": " +
                                    error.message());
  }
  for (const auto& entry : entries) {
    const std::string name = entry.path().filename().string();
    const bool ours = name.rfind("linli-", 0) == 0 &&
                      (entry.path().extension() == ".db" || entry.path().extension() == ".dump");
    if (!ours || !entry.is_regular_file()) continue;
    auto manifest = ReadManifest(entry.path());
    if (!manifest.ok()) continue;
    backups.push_back({entry.path(), manifest->created_at_ms});
  }
  return backups;
}

std::vector<StoredBackup> BackupsToRemove(std::vector<StoredBackup> backups,
                                          const RetentionRule& rule, int64_t now_ms) {
  std::sort(backups.begin(), backups.end(), [](const StoredBackup& a, const StoredBackup& b) {
    return a.created_at_ms != b.created_at_ms ? a.created_at_ms > b.created_at_ms : a.file > b.file;
  });
  const size_t keep_last = static_cast<size_t>(std::max(1, rule.keep_last));
  const int64_t cutoff = now_ms - int64_t(std::max(0, rule.keep_days)) * kDayMs;
  std::vector<StoredBackup> removed;
  for (size_t i = 0; i < backups.size(); ++i) {
    const bool recent = rule.keep_days > 0 && backups[i].created_at_ms >= cutoff;
    if (i < keep_last || recent) continue;
    removed.push_back(backups[i]);
  }
  return removed;
}

}  // namespace linli::storage
