#include "app/ops_commands.hpp"

#include <cstdlib>
#include <ctime>
#include <iostream>
#include <optional>

#include "app/fail.hpp"
#include "core/crypto/field_cipher.hpp"
#include "storage/backup/check.hpp"
#include "storage/migrations.hpp"

#ifndef LINLI_VERSION
#define LINLI_VERSION "unknown"
#endif

namespace linli::app {

namespace {

namespace fs = std::filesystem;

int KnownSchemaVersion() {
  int known = 0;
  for (const auto& migration : storage::EmbeddedMigrations()) {
    known = std::max(known, migration.version);
  }
  return known;
}

// The personal-data keys when they can be loaded (LINLI_KEYS, else the key file); backups
// and checks run without them and say what that leaves unchecked.
std::optional<crypto::KeyRing> LoadKeys(const Config& config, std::string& why_not) {
  const char* environment = std::getenv(std::string(crypto::kKeysEnvironmentVariable).c_str());
  auto keys = crypto::LoadKeyRing(config.keys_file, environment ? environment : "");
  if (!keys.ok()) {
    why_not = keys.error().message;
    return std::nullopt;
  }
  return std::move(*keys);
}

// The configured database, which must exist: backups and checks never create one.
core::Result<std::unique_ptr<storage::Database>> Open(const Config& config) {
  if (config.db_url.rfind("sqlite:", 0) == 0) {
    std::string path = config.db_url.substr(7);
    if (path.rfind("//", 0) == 0) path.erase(0, 2);
    if (path != ":memory:" && !fs::exists(path)) {
      return core::Error::NotFound("数据库文件不存在 (no database file at " + path + ")");
    }
  }
  storage::OpenOptions options;
  options.pool_size = 2;
  return storage::OpenDatabase(config.db_url, options);
}

int64_t TotalRows(const std::vector<storage::TableRows>& tables) {
  int64_t total = 0;
  for (const auto& table : tables) total += table.rows;
  return total;
}

std::string Joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out.empty() ? "none" : out;
}

void PrintManifest(const fs::path& file, const storage::BackupManifest& manifest) {
  std::cout << "backup " << file.string() << ": " << manifest.engine << ", " << manifest.file_bytes
            << " bytes, schema " << manifest.schema_version << ", " << manifest.tables.size()
            << " tables, " << TotalRows(manifest.tables) << " rows, key ids "
            << Joined(manifest.key_ids) << "\n"
            << "  SM3 " << manifest.sm3 << "\n"
            << "  manifest " << storage::ManifestPathFor(file).string() << "\n";
}

std::string StampOf(int64_t millis) {
  const std::time_t seconds = static_cast<std::time_t>(millis / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &utc);
  return text;
}

storage::BackupOptions BackupOptionsFor(const Config& config, const crypto::KeyRing* keys,
                                        int64_t now_ms) {
  storage::BackupOptions options;
  options.database_url = config.db_url;
  options.pg_tools_dir = config.pg_tools_dir;
  options.keys = keys;
  options.linli_version = LINLI_VERSION;
  options.now_ms = now_ms;
  return options;
}

int RunBackupCommand(const Config& config, const OpsCommands& commands) {
  if (!commands.into.empty()) {
    storage::RetentionRule rule;
    rule.keep_last = commands.keep_last;
    rule.keep_days = commands.keep_days;
    auto run = RunBackup(config, commands.into, rule);
    if (!run.ok()) return Fail(run.error());
    PrintManifest(run->file, run->manifest);
    for (const auto& removed : run->removed) {
      std::cout << "  removed by the retention rule: " << removed.string() << "\n";
    }
    return 0;
  }
  if (commands.out.empty()) {
    return Fail(
        core::Error::InvalidArgument("请给出备份文件名 OUT 或 --into 目录 (give OUT or "
                                     "--into DIR)",
                                     "out"));
  }
  auto database = Open(config);
  if (!database.ok()) return Fail(database.error());
  std::string why_not;
  auto keys = LoadKeys(config, why_not);
  core::SystemClock clock;
  auto manifest =
      storage::CreateBackup(**database, commands.out,
                            BackupOptionsFor(config, keys ? &*keys : nullptr, clock.NowMillis()));
  (*database)->Close();
  if (!manifest.ok()) return Fail(manifest.error());
  PrintManifest(commands.out, *manifest);
  return 0;
}

int RunRestoreCommand(const Config& config, const OpsCommands& commands) {
  std::string why_not;
  auto keys = LoadKeys(config, why_not);
  storage::RestoreOptions options;
  options.database_url = config.db_url;
  options.pg_tools_dir = config.pg_tools_dir;
  options.keys = keys ? &*keys : nullptr;
  options.known_schema_version = KnownSchemaVersion();
  auto manifest = storage::RestoreBackup(commands.in, options);
  if (!manifest.ok()) {
    if (!keys) std::cerr << "linli: (keys not loaded: " << why_not << ")\n";
    return Fail(manifest.error());
  }
  std::cout << "restored " << commands.in << " into " << config.db_url << ": schema "
            << manifest->schema_version << ", " << manifest->tables.size() << " tables, "
            << TotalRows(manifest->tables) << " rows — every table's count matches the manifest\n";
  if (manifest->schema_version < options.known_schema_version) {
    std::cout << "the schema is older than this binary's (" << options.known_schema_version
              << "): `linli migrate` upgrades it\n";
  }
  std::cout << "next: `linli check` verifies pages, foreign keys, the audit chain and the keys\n";
  return 0;
}

int RunCheckCommand(const Config& config, const OpsCommands& commands) {
  std::string why_not;
  auto keys = LoadKeys(config, why_not);
  storage::CheckOptions options;
  options.keys = keys ? &*keys : nullptr;
  options.known_schema_version = KnownSchemaVersion();
  options.pg_tools_dir = config.pg_tools_dir;
  core::Result<storage::CheckReport> report = core::Error::Internal("not run");
  std::string subject;
  if (!commands.backup_file.empty()) {
    subject = "backup " + commands.backup_file;
    report = storage::CheckBackup(commands.backup_file, options);
  } else {
    subject = "database " + config.db_url;
    auto database = Open(config);
    if (database.ok()) {
      report = storage::CheckDatabase(**database, options);
      (*database)->Close();
    } else {
      // A file too damaged to open is a finding of the check, not a usage error.
      storage::CheckReport unopened;
      // The operator sees the driver's own reason (e.g. "database disk image is malformed").
      const core::Error& error = database.error();
      const std::string reason = error.detail.empty() ? "" : " (" + error.detail + ")";
      unopened.problems.push_back({"数据库无法打开：" + error.message + reason,
                                   "the database cannot be opened: " + error.message + reason});
      report = std::move(unopened);
    }
  }
  if (!report.ok()) return Fail(report.error());
  std::cout << "checked " << subject << ": schema " << report->schema_version << ", "
            << report->tables.size() << " tables, " << TotalRows(report->tables)
            << " rows, key ids " << Joined(report->key_ids);
  if (report->audit_verified) std::cout << ", " << report->audit_records << " audit records";
  std::cout << "\n";
  for (const auto& note : report->notes) std::cout << "  checked: " << note << "\n";
  if (!keys) std::cout << "  keys not loaded: " << why_not << "\n";
  for (const auto& problem : report->problems) {
    std::cout << "问题 problem: " << problem.Line() << "\n";
  }
  if (!report->problems.empty()) {
    std::cerr << "linli: 检查发现 " << report->problems.size() << " 个问题 ("
              << report->problems.size() << " problems found)\n";
    return 2;
  }
  std::cout << "no problems found\n";
  return 0;
}

}  // namespace

core::Result<BackupRun> RunBackup(const Config& config, const std::filesystem::path& folder,
                                  const storage::RetentionRule& retention,
                                  const core::Clock& clock) {
  std::error_code error;
  const bool created = fs::create_directories(folder, error);
  if (error) {
    return core::Error::Unavailable("无法创建备份目录 (cannot create) " + folder.string() + ": " +
                                    error.message());
  }
  // A new folder is private; an existing one keeps the mode its operator gave it.
  if (created) fs::permissions(folder, fs::perms::owner_all, error);
  const int64_t now = clock.NowMillis();
  ASSIGN_OR_RETURN(auto database, Open(config));
  const std::string extension = database->dialect() == storage::Dialect::kSqlite ? ".db" : ".dump";
  fs::path file = folder / ("linli-" + StampOf(now) + extension);
  for (int attempt = 2; fs::exists(file) || fs::exists(storage::ManifestPathFor(file)); ++attempt) {
    file = folder / ("linli-" + StampOf(now) + "-" + std::to_string(attempt) + extension);
  }
  std::string why_not;
  auto keys = LoadKeys(config, why_not);
  auto manifest = storage::CreateBackup(*database, file,
                                        BackupOptionsFor(config, keys ? &*keys : nullptr, now));
  database->Close();
  if (!manifest.ok()) return manifest.error();
  BackupRun run;
  run.file = file;
  run.manifest = std::move(*manifest);
  ASSIGN_OR_RETURN(auto stored, storage::ListBackups(folder));
  for (const auto& old : storage::BackupsToRemove(std::move(stored), retention, now)) {
    if (old.file == file) continue;  // never the one just made
    fs::remove(old.file, error);
    fs::remove(storage::ManifestPathFor(old.file), error);
    run.removed.push_back(old.file);
  }
  return run;
}

core::Result<BackupRun> RunBackup(const Config& config, const std::filesystem::path& folder,
                                  const storage::RetentionRule& retention) {
  core::SystemClock clock;
  return RunBackup(config, folder, retention, clock);
}

void AddOpsCommands(CLI::App& cli, OpsCommands& commands) {
  commands.backup = cli.add_subcommand(
      "backup",
      "consistent online copy of the database (SQLite VACUUM INTO, PostgreSQL pg_dump -Fc) with "
      "a manifest OUT.manifest.json: schema version, key ids needed, rows per table, SM3");
  commands.backup->add_option("out", commands.out, "the backup file to write (must not exist)");
  commands.backup->add_option("--into", commands.into,
                              "write linli-<UTC time>.db|.dump into this folder, then apply the "
                              "retention rule to the folder's backups");
  commands.backup
      ->add_option("--keep-last", commands.keep_last,
                   "with --into: keep the newest N backups (default 7, at least 1)")
      ->check(CLI::Range(1, 100000));
  commands.backup
      ->add_option("--keep-days", commands.keep_days,
                   "with --into: also keep every backup of the last D days (default 0)")
      ->check(CLI::Range(0, 100000));
  commands.restore = cli.add_subcommand(
      "restore",
      "restore a backup into the empty database of --db (refused when the key file lacks a key "
      "the backup needs, or the file differs from its manifest)");
  commands.restore->add_option("in", commands.in, "the backup file (its manifest beside it)")
      ->required();
  commands.check = cli.add_subcommand(
      "check",
      "check the database (integrity, foreign keys, audit chain, key ids) or, with --backup, a "
      "backup file against its manifest; exit status 2 when a problem is found");
  commands.check->add_option("--backup", commands.backup_file,
                             "check this backup file (and its manifest) instead of the database");
}

int RunOpsCommand(const Config& config, const OpsCommands& commands) {
  if (*commands.backup) return RunBackupCommand(config, commands);
  if (*commands.restore) return RunRestoreCommand(config, commands);
  if (*commands.check) return RunCheckCommand(config, commands);
  return -1;
}

}  // namespace linli::app
