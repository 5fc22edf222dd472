// SQL implementation of people::PeopleRepository (tables: migration 0003_people), on SQLite and
// PostgreSQL alike. ID and phone numbers are written only as KeyRing ciphertexts bound to their
// row (table, field, resident id; a new resident's id is drawn before the insert) with keyed
// blind indexes ("id_number" / "phone" index spaces over the normalised values) and decrypted on
// read; a value that does not open at its row is a kFailedPrecondition naming the row.
// Every read is scoped in SQL with storage::ScopeClause on place_code; every write appends its
// audit entry with storage::AppendAuditIn inside the same transaction.
// Thread-safety: safe to call from several threads; each call borrows its own connection.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "core/clock.hpp"
#include "core/crypto/field_cipher.hpp"
#include "domain/people/people.hpp"
#include "storage/db.hpp"

namespace linli::storage {

// The database must outlive the repository; the key ring is copied (copies share key state).
std::unique_ptr<people::PeopleRepository> MakeSqlPeopleRepository(Database& database,
                                                                  const crypto::KeyRing& keys);

struct RotationReport {
  int64_t residents_checked = 0;
  int64_t accounts_checked = 0;
  // ID and phone ciphertexts (residents' and accounts') now under the current key and bound to
  // their row.
  int64_t fields_reencrypted = 0;
  // Residents and accounts whose stored values do not open at their row (changed, copied from
  // another row or column, or under a key the ring lacks): left as they are, in id order. Empty
  // after a clean run.
  std::vector<int64_t> unopened_residents;
  std::vector<int64_t> unopened_accounts;
};

// `linli keys rotate` (key_rotation.cpp): re-encrypts every ID and phone ciphertext of the
// residents, and every account's phone (decision 0018), that is not under the ring's current
// key or not yet bound to its row (version 1, docs/decisions/0015), in batches of `batch_size`
// rows of a table, each batch one transaction with one audit record (no personal values in it).
// Every value is opened at its row; one that does not open there is left alone and reported, the
// others go on. Blind indexes stay as they are: they use the ring's stable index key. Safe to
// interrupt and re-run; a second run changes nothing.
core::Result<RotationReport> ReencryptPersonalData(Database& database, const crypto::KeyRing& keys,
                                                   const core::Clock& clock, int batch_size = 1000);

}  // namespace linli::storage
