// SQL implementation of social_work::SocialWorkRepository (tables: migration 0039) on SQLite and
// PostgreSQL alike: stations and rooms are rows of `facilities` (by type); each write with its
// audit record in one transaction; reads scoped by place in SQL (storage::ScopeClause): workers on
// their facility's place, service records on their community.
// Thread-safety: safe to call from several threads; each call borrows its own connection.
#pragma once

#include <memory>

#include "core/crypto/field_cipher.hpp"
#include "domain/social_work/social_work.hpp"
#include "storage/db.hpp"

namespace linli::storage {

// The database and the key ring (for the audit records) must outlive the repository; without a
// key ring writes fail (kFailedPrecondition).
std::unique_ptr<social_work::SocialWorkRepository> MakeSqlSocialWorkRepository(
    Database& database, const crypto::KeyRing* keys);

}  // namespace linli::storage
