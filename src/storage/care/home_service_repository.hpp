// SQL implementation of care::HomeServiceRepository (tables: migration 0030) on SQLite and
// PostgreSQL alike: providers scoped by their registered place and the areas they serve (a
// provider serving a town is in a community worker's scope there), orders by the person's place
// when ordered, or by provider for a provider's staff; each write with its audit record in one
// transaction; a check-out settles inside its transaction against the units already subsidised.
// Thread-safety: safe to call from several threads; each call borrows its own connection.
#pragma once

#include <memory>

#include "core/crypto/field_cipher.hpp"
#include "domain/care/home_services.hpp"
#include "storage/db.hpp"

namespace linli::storage {

// The database and the key ring (for the audit records) must outlive the repository; without a
// key ring writes fail (kFailedPrecondition).
std::unique_ptr<care::HomeServiceRepository> MakeSqlHomeServiceRepository(
    Database& database, const crypto::KeyRing* keys);

}  // namespace linli::storage
