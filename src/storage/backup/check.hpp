// `linli check`: is this database (or this backup) whole and readable with the keys at hand?
//
// A database: the engine's own integrity check (SQLite: PRAGMA integrity_check and
// foreign_key_check; PostgreSQL: amcheck's bt_index_check with heapallindexed on every B-tree
// index when the extension is installed, and a full read of every row of every table — each
// row cast to text, which also reads its TOASTed values), the hash chain of the audit log
// (VerifyAuditChain), the schema version against the binary's, and every key id named by a
// stored ciphertext present in the key ring with the right material (KeyProblems), and every
// stored text value against the input boundary's rule (core/text.hpp; named by table, column
// and first row, never quoted).
// A backup: its size and SM3 against its manifest, the key ring against the manifest's key
// ids; a SQLite backup is also copied to a scratch file and checked as a database (the copy's
// counts and key ids compared with the manifest); of a PostgreSQL dump the table of contents
// is read (`pg_restore --list`) — restore it into a scratch database for the full check.
// Problems are values (CheckReport::problems), never errors: an error means the check itself
// could not run.
// Thread-safety: free functions; each borrows its own connections.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/crypto/field_cipher.hpp"
#include "core/result.hpp"
#include "storage/backup/backup.hpp"
#include "storage/backup/inventory.hpp"
#include "storage/db.hpp"

namespace linli::storage {

struct CheckOptions {
  const crypto::KeyRing* keys = nullptr;  // null: no key file and no LINLI_KEYS
  int known_schema_version = 0;           // the newest schema this binary knows
  std::string pg_tools_dir;               // folder of pg_restore; "" = PATH
  size_t max_lines_per_check = 20;        // integrity messages listed before "… N more"
};

struct CheckReport {
  std::vector<Problem> problems;   // empty: all is well
  std::vector<std::string> notes;  // what was checked, one line each (English)
  int schema_version = 0;
  std::vector<TableRows> tables;
  std::vector<std::string> key_ids;  // named by the stored ciphertexts
  int64_t audit_records = 0;
  bool audit_verified = false;  // the chain was recomputed (not for a PostgreSQL dump)
};

core::Result<CheckReport> CheckDatabase(Database& database, const CheckOptions& options);

core::Result<CheckReport> CheckBackup(const std::filesystem::path& backup,
                                      const CheckOptions& options);

}  // namespace linli::storage
