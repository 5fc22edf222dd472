// SQL implementation of care::CareRepository (tables: migration 0028) on SQLite and PostgreSQL
// alike: archives scoped by their resident's place (residents.place_code), visits and needs by
// their own place_code (the person's place when planned or found); each write with its audit
// record in one transaction; the month's plan is one INSERT … SELECT per category with a rule.
// Thread-safety: safe to call from several threads; each call borrows its own connection.
#pragma once

#include <memory>

#include "core/crypto/field_cipher.hpp"
#include "domain/care/care.hpp"
#include "storage/db.hpp"

namespace linli::storage {

// The database and the key ring (for the audit records) must outlive the repository; without a
// key ring writes fail (kFailedPrecondition).
std::unique_ptr<care::CareRepository> MakeSqlCareRepository(Database& database,
                                                            const crypto::KeyRing* keys);

}  // namespace linli::storage
