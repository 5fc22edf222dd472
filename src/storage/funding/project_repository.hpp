// SQL implementation of funding::ProjectRepository (table: migration 0026) on SQLite and
// PostgreSQL alike; each write with its audit record in one transaction, reads scoped on
// place_code (storage::ScopeClause).
// Thread-safety: safe to call from several threads; each call borrows its own connection.
#pragma once

#include <memory>

#include "core/crypto/field_cipher.hpp"
#include "domain/funding/funding.hpp"
#include "storage/db.hpp"

namespace linli::storage {

// The database and the key ring must outlive the repository; without a key ring writes fail.
std::unique_ptr<funding::ProjectRepository> MakeSqlProjectRepository(Database& database,
                                                                     const crypto::KeyRing* keys);

}  // namespace linli::storage
