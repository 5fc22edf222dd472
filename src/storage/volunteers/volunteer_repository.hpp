// SQL implementation of volunteers::VolunteerRepository (tables: migration 0040) on SQLite and
// PostgreSQL alike. Every write with its audit record in one transaction. A posting inserts its
// groups and entries, adds each entry to its account's running balance (volunteer_accounts) and
// appends one audit record whose detail is {"groups":[…],"digest":hex} with digest =
// SM3(SM3(canonical entries of each group) in the listed order), so that VerifyLedger can prove
// that every group is covered by the hash-chained audit log and unchanged since.
// Thread-safety: safe to call from several threads; each call borrows its own connection.
#pragma once

#include <memory>

#include "core/crypto/field_cipher.hpp"
#include "domain/volunteers/volunteers.hpp"
#include "storage/db.hpp"

namespace linli::storage {

// The database and the key ring (for the audit records and the chain check) must outlive the
// repository; without a key ring writes fail (kFailedPrecondition).
std::unique_ptr<volunteers::VolunteerRepository> MakeSqlVolunteerRepository(
    Database& database, const crypto::KeyRing* keys);

}  // namespace linli::storage
