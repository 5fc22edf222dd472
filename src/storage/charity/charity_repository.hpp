// SQL implementation of charity::CharityRepository (tables: migration 0041) on SQLite and
// PostgreSQL alike. Each write runs with its audit record in one transaction; a money movement
// appends to charity_ledger (append-only, by trigger) and moves charity_funds.balance_fen in the
// same transaction, by a conditional UPDATE that never lets it go below zero. Reads are scoped on
// the community code of the fund or need (storage::ScopeClause).
// Thread-safety: safe to call from several threads; each call borrows its own connection.
#pragma once

#include <memory>

#include "core/crypto/field_cipher.hpp"
#include "domain/charity/charity.hpp"
#include "storage/db.hpp"

namespace linli::storage {

// The database and the key ring must outlive the repository; without a key ring writes fail.
std::unique_ptr<charity::CharityRepository> MakeSqlCharityRepository(Database& database,
                                                                     const crypto::KeyRing* keys);

}  // namespace linli::storage
