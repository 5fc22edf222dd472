// SQL implementation of social_orgs::IncubationRepository (table social_org_incubations,
// migration 0038) on SQLite and PostgreSQL alike: each step with its audit record in one
// transaction; reads scoped on the base's place (storage::ScopeClause).
// Thread-safety: safe to call from several threads; each call borrows its own connection.
#pragma once

#include <memory>

#include "core/crypto/field_cipher.hpp"
#include "domain/social_orgs/incubations.hpp"
#include "storage/db.hpp"

namespace linli::storage {

// The database and the key ring must outlive the repository; without a key ring writes fail.
std::unique_ptr<social_orgs::IncubationRepository> MakeSqlIncubationRepository(
    Database& database, const crypto::KeyRing* keys);

}  // namespace linli::storage
