// SQL implementation of care::RehabilitationRepository (table: migration 0033) on SQLite and
// PostgreSQL alike: records scoped by the person's place when served, mental-health records
// only under the health scope; each record with its audit entry in one transaction.
// Thread-safety: safe to call from several threads; each call borrows its own connection.
#pragma once

#include <memory>

#include "core/crypto/field_cipher.hpp"
#include "domain/care/rehabilitation.hpp"
#include "storage/db.hpp"

namespace linli::storage {

std::unique_ptr<care::RehabilitationRepository> MakeSqlRehabilitationRepository(
    Database& database, const crypto::KeyRing* keys);

}  // namespace linli::storage
