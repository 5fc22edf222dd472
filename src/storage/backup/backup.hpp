// Online backups and restores of a Linli database, each with a manifest that says what the copy
// holds and which personal-data keys it needs.
//
// SQLite: `VACUUM INTO` a file beside the target while the server keeps writing (a read
// transaction in WAL mode: one consistent snapshot, writers are not blocked). PostgreSQL:
// `pg_dump --format=custom` of the connection's schema under a snapshot exported by a
// REPEATABLE READ transaction, in which the manifest's counts are taken too, so counts and dump
// describe the same instant. The manifest (`<backup>.manifest.json`) records the engine, the
// schema version, the key ids the ciphertexts name (with one sample per key id, so that a key
// file can be proved to hold the right material), the rows of every table and the SM3 of the
// file. Restores go only into an empty database, and only after the file's SM3, the schema
// version and the key ring have been checked against the manifest.
// Thread-safety: free functions; each borrows its own connections. A backup runs beside a
// serving process; a restore must be the only user of its target.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/crypto/field_cipher.hpp"
#include "core/result.hpp"
#include "storage/backup/inventory.hpp"
#include "storage/db.hpp"

namespace linli::storage {

inline constexpr int kManifestFormat = 1;

struct BackupManifest {
  int format = kManifestFormat;
  std::string engine;  // "sqlite" or "postgresql"
  std::string file;    // the backup's file name (no folder)
  int64_t file_bytes = 0;
  std::string sm3;  // lower-case hex SM3 of the file
  int schema_version = 0;
  int64_t created_at_ms = 0;
  std::string linli_version;
  std::vector<std::string> key_ids;    // named by the stored ciphertexts, sorted
  std::string index_key_id;            // the ring's index key when the backup ran ("" unknown)
  std::vector<KeySample> key_samples;  // one per key id
  std::vector<TableRows> tables;       // every table, sorted by name
};

std::string ManifestToJson(const BackupManifest& manifest);
core::Result<BackupManifest> ManifestFromJson(std::string_view text);
// `<backup>.manifest.json`.
std::filesystem::path ManifestPathFor(const std::filesystem::path& backup);
core::Result<BackupManifest> ReadManifest(const std::filesystem::path& backup);

struct BackupOptions {
  std::string database_url;               // the URL `database` was opened with (pg_dump needs it)
  std::string pg_tools_dir;               // folder of pg_dump / pg_restore; "" = found on PATH
  const crypto::KeyRing* keys = nullptr;  // optional: its index key id is recorded
  std::string linli_version;
  int64_t now_ms = 0;
};

// Writes `out` (refused when it exists) and its manifest. The file appears under its name only
// when complete (written as `<out>.part`, then renamed).
core::Result<BackupManifest> CreateBackup(Database& database, const std::filesystem::path& out,
                                          const BackupOptions& options);

struct RestoreOptions {
  std::string database_url;  // the target: sqlite:PATH or postgresql://…
  std::string pg_tools_dir;
  const crypto::KeyRing* keys = nullptr;
  int known_schema_version = 0;  // the newest schema this binary knows
};

// Restores `in` into the empty database at options.database_url. Refused (nothing written)
// when the file's size or SM3 differ from its manifest, the schema is newer than the binary
// knows, the key ring lacks a key id the data needs (the message names each) or holds other
// material under it, or the target holds any table. After the restore, every table's row count
// is compared with the manifest.
core::Result<BackupManifest> RestoreBackup(const std::filesystem::path& in,
                                           const RestoreOptions& options);

// ----- retention of a folder of backups (scheduled backups) -----

// Keep the newest `keep_last` backups (at least one is always kept) and every backup made in
// the last `keep_days` days; remove the others.
struct RetentionRule {
  int keep_last = 7;
  int keep_days = 0;
};

struct StoredBackup {
  std::filesystem::path file;
  int64_t created_at_ms = 0;
};

// The backups of a folder written by a scheduled backup: files named `linli-*.db` or
// `linli-*.dump` whose manifest can be read. Other files are never listed (nor removed).
core::Result<std::vector<StoredBackup>> ListBackups(const std::filesystem::path& folder);

// Which of `backups` the rule removes at `now_ms` (newest first order not required).
std::vector<StoredBackup> BackupsToRemove(std::vector<StoredBackup> backups,
                                          const RetentionRule& rule, int64_t now_ms);

}  // namespace linli::storage
