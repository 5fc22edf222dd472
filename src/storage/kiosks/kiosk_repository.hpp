// SQL implementation of kiosks::KioskRepository (tables: migration 0022_kiosks) on SQLite and
// PostgreSQL alike. Kiosks and tickets are read in the caller's scope on community_code
// (storage::ScopeClause); a ticket is numbered and inserted in one transaction through the
// per-community, per-day counter row (INSERT … ON CONFLICT DO UPDATE … RETURNING), which SQLite
// serialises with its write lock and PostgreSQL with the row's lock.
// Thread-safety: safe to call from several threads; each call borrows its own connection.
#pragma once

#include <memory>

#include "domain/kiosks/kiosks.hpp"
#include "storage/db.hpp"

namespace linli::storage {

// The database must outlive the repository.
std::unique_ptr<kiosks::KioskRepository> MakeSqlKioskRepository(Database& database);

}  // namespace linli::storage
