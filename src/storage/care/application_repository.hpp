// SQL implementation of care::ApplicationRepository (tables: migration 0032) on SQLite and
// PostgreSQL alike: applications scoped by the person's place when filed; each decision with its
// step, the enrolment it starts and its audit record in one transaction.
// Thread-safety: safe to call from several threads; each call borrows its own connection.
#pragma once

#include <memory>

#include "core/crypto/field_cipher.hpp"
#include "domain/care/applications.hpp"
#include "storage/db.hpp"

namespace linli::storage {

std::unique_ptr<care::ApplicationRepository> MakeSqlApplicationRepository(
    Database& database, const crypto::KeyRing* keys);

}  // namespace linli::storage
