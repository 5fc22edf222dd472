// Command-line commands of operations (docs/deploy.md, README "Backup and restore"):
//   linli backup OUT                                 one backup file and OUT.manifest.json
//   linli backup --into DIR [--keep-last N] [--keep-days D]   a named backup, then retention
//   linli restore IN                                 into the empty database of --db / config
//   linli check [--backup FILE]                      the database, or a backup file
// None of them migrates: they look at the database as it is.
// Thread-safety: runs on the main thread.
#pragma once

#include <CLI/CLI.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "app/config.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "storage/backup/backup.hpp"

namespace linli::app {

struct OpsCommands {
  CLI::App* backup = nullptr;
  CLI::App* restore = nullptr;
  CLI::App* check = nullptr;
  std::string out;
  std::string into;
  int keep_last = 7;
  int keep_days = 0;
  std::string in;
  std::string backup_file;
};

void AddOpsCommands(CLI::App& cli, OpsCommands& commands);

// Runs the parsed command; -1 when none of them was given (the caller goes on).
int RunOpsCommand(const Config& config, const OpsCommands& commands);

struct BackupRun {
  std::filesystem::path file;
  storage::BackupManifest manifest;
  std::vector<std::filesystem::path> removed;  // older backups the retention rule removed
};

// One backup of the configured database into `folder` (created, mode 0700) as
// linli-YYYYMMDDTHHMMSSZ.db (SQLite) or .dump (PostgreSQL) with its manifest, then the backups
// of that folder the retention rule no longer keeps are removed (file and manifest). The
// function a scheduled job calls; `linli backup --into` runs it by hand.
core::Result<BackupRun> RunBackup(const Config& config, const std::filesystem::path& folder,
                                  const storage::RetentionRule& retention,
                                  const core::Clock& clock);
core::Result<BackupRun> RunBackup(const Config& config, const std::filesystem::path& folder,
                                  const storage::RetentionRule& retention);

}  // namespace linli::app
