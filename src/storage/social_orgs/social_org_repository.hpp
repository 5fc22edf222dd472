// SQL implementation of social_orgs::OrganisationRepository (tables: migration 0038) on SQLite and
// PostgreSQL alike: each write with its audit record in one transaction; reads scoped on the
// home community (storage::ScopeClause); the months with activities counted in SQL.
// Thread-safety: safe to call from several threads; each call borrows its own connection.
#pragma once

#include <memory>

#include "core/crypto/field_cipher.hpp"
#include "domain/social_orgs/social_orgs.hpp"
#include "storage/db.hpp"

namespace linli::storage {

// The database and the key ring (for the audit records) must outlive the repository; without a
// key ring writes fail (kFailedPrecondition).
std::unique_ptr<social_orgs::OrganisationRepository> MakeSqlOrganisationRepository(
    Database& database, const crypto::KeyRing* keys);

}  // namespace linli::storage
