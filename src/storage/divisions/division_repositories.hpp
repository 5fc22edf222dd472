// SQL implementation of the divisions repository, on SQLite and PostgreSQL alike (tables:
// migration 0001_divisions_grids). Lists (search, unresolved) are scoped with
// storage::ScopeClause on the code column; LoadCurrent/LoadActiveGrids deliberately read the
// whole tree (and its active grids) for DivisionService's in-memory snapshot, which applies the
// scope itself. The grids repository is storage/grids.
// Thread-safety: safe to call from several threads; each call borrows its own connection.
#pragma once

#include <memory>

#include "domain/divisions/division.hpp"
#include "storage/db.hpp"

namespace linli::storage {

// The database must outlive the repository.
std::unique_ptr<divisions::DivisionRepository> MakeSqlDivisionRepository(Database& database);

}  // namespace linli::storage
