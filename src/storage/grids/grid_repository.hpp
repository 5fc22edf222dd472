// SQL implementation of the grids repository, on SQLite and PostgreSQL alike (table grids,
// migration 0001_divisions_grids). Lists are scoped with storage::ScopeClause on the code
// column. (The division tree reads the active grids itself: storage/divisions.)
// Thread-safety: safe to call from several threads; each call borrows its own connection.
#pragma once

#include <memory>

#include "domain/grids/grid.hpp"
#include "storage/db.hpp"

namespace linli::storage {

// The database must outlive the repository.
std::unique_ptr<grids::GridRepository> MakeSqlGridRepository(Database& database);

}  // namespace linli::storage
