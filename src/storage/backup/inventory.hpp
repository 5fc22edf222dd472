// What a database holds, as a backup manifest and `linli check` describe it: its tables with
// their row counts, and the personal-data keys its ciphertexts name.
//
// Encrypted columns are found by name: every column called `<field>_cipher` holds
// core/crypto field_cipher text (the key id is in each value's header), and a sibling column
// `<field>_index`, when there is one, holds the keyed blind index of the same plaintext under
// the field name `<field>` (residents.id_number_cipher / id_number_index today). A module that
// adds an encrypted column and follows the naming is covered without a change here.
// Thread-safety: functions over one Connection, which one thread uses at a time. On
// PostgreSQL they look at the connection's current schema only.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/crypto/field_cipher.hpp"
#include "core/result.hpp"
#include "storage/db.hpp"

namespace linli::storage {

struct TableRows {
  std::string table;
  int64_t rows = 0;
};

// One `<field>_cipher` column of a table, and whether `<field>_index` sits beside it.
struct EncryptedColumn {
  std::string table;
  std::string field;  // "id_number" for the column id_number_cipher
  bool has_blind_index = false;
};

// A value that proves a key ring holds the right material: decrypting `ciphertext` at its
// place (table, field, row id: version-2 ciphertexts are bound to it) with the ring must
// succeed, and when `blind_index` is set, BlindIndex(field, plaintext) must equal it.
struct KeySample {
  std::string key_id;
  std::string field;
  std::string ciphertext;
  std::string blind_index;  // "" when the column has no blind index
  std::string table;        // "" in manifests written before version 2 (their samples are v1)
  int64_t row_id = 0;
};

struct KeyUse {
  std::map<std::string, int64_t> values_per_key;  // key id -> ciphertexts naming it
  int64_t unreadable = 0;                         // values whose header names no key
  int64_t unbound = 0;  // version-1 values, bound to no row: `linli keys rotate` binds them
  std::vector<KeySample> samples;  // one per key id, blind-indexed when possible
  // key id -> audit records chained under it (audit_log.chain_key_id, decision 0015): the
  // ring needs these keys as well to verify the log.
  std::map<std::string, int64_t> audit_records_per_key;
};

// Every ordinary table, sorted by name (SQLite's own sqlite_* tables excluded).
core::Result<std::vector<std::string>> ListTables(Connection& connection);

// COUNT(*) of each table.
core::Result<std::vector<TableRows>> CountRows(Connection& connection,
                                               const std::vector<std::string>& tables);

core::Result<std::vector<EncryptedColumn>> ListEncryptedColumns(Connection& connection);

// Reads every encrypted value, in pages of 5,000 rows by the table's `id` column, and the key
// ids of the keyed audit records.
core::Result<KeyUse> CollectKeyUse(Connection& connection);

// One problem found by a check, a backup or a restore, in Chinese and in English.
struct Problem {
  std::string chinese;
  std::string english;
  // "中文 — English", one line.
  std::string Line() const;
};

// Whether `keys` can read data whose ciphertexts name `key_ids`: every id present, each
// sample decrypting, and each blind-indexed sample giving its stored index. `keys` may be null
// (no key file, no LINLI_KEYS): then any key id needed is a problem. Empty when all is well.
std::vector<Problem> KeyProblems(const std::vector<std::string>& key_ids,
                                 const std::vector<KeySample>& samples,
                                 const crypto::KeyRing* keys);

// The key ids of a KeyUse (ciphertexts and audit records), sorted.
std::vector<std::string> KeyIdsOf(const KeyUse& use);

// Double-quoted SQL identifier (both engines).
std::string QuoteIdentifier(std::string_view name);

}  // namespace linli::storage
