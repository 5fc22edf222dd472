// SQL implementation of facilities::FacilityRepository (tables: migration 0007_facilities), on
// SQLite and PostgreSQL alike. Reads of facilities, complexes, coverage and gaps are scoped in
// SQL with storage::ScopeClause on place_code (the community code) or division_code. The
// registry aggregates (households per community, residents per building per served group) are
// read from the people tables (0003) without touching the people repository. Walking networks
// are stored one row per area as two little-endian blobs (float64 lat/lon pairs, uint32 pairs).
// Thread-safety: safe to call from several threads; each call borrows its own connection.
#pragma once

#include <memory>

#include "domain/facilities/facilities.hpp"
#include "storage/db.hpp"

namespace linli::storage {

// The database must outlive the repository.
std::unique_ptr<facilities::FacilityRepository> MakeSqlFacilityRepository(Database& database);

}  // namespace linli::storage
