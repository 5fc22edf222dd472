// SQL implementation of designations::DesignationRepository (tables: migration 0025) on SQLite
// and PostgreSQL alike: each write with its history row and audit record in one transaction;
// reads scoped on place_code (storage::ScopeClause); evidence bytes in their own table, read
// only when asked for.
// Thread-safety: safe to call from several threads; each call borrows its own connection.
#pragma once

#include <memory>

#include "core/crypto/field_cipher.hpp"
#include "domain/designations/designations.hpp"
#include "storage/db.hpp"

namespace linli::storage {

// The database and the key ring (for the audit records) must outlive the repository; without a
// key ring writes fail (kFailedPrecondition).
std::unique_ptr<designations::DesignationRepository> MakeSqlDesignationRepository(
    Database& database, const crypto::KeyRing* keys);

}  // namespace linli::storage
