// SQL implementations of the divisions and grids repositories, on SQLite and PostgreSQL alike
// (tables: migration 0001_divisions_grids). Lists (search, unresolved, grids) are scoped with
// storage::ScopeClause on the code column; LoadCurrent/LoadActiveGrids deliberately read the
// whole tree for DivisionService's in-memory snapshot, which applies the scope itself.
// Thread-safety: safe to call from several threads; each call borrows its own connection.
#pragma once

#include <memory>

#include "domain/divisions/division.hpp"
#include "domain/grids/grid.hpp"
#include "storage/db.hpp"

namespace linli::storage {

// The database must outlive the repositories.
std::unique_ptr<divisions::DivisionRepository> MakeSqlDivisionRepository(Database& database);
std::unique_ptr<grids::GridRepository> MakeSqlGridRepository(Database& database);

}  // namespace linli::storage
