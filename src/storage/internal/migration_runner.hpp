// The migration runner behind storage::Migrate, taking the list explicitly so that tests can
// apply their own (including deliberately failing) migrations.
// Thread-safety: as storage::Migrate.
#pragma once

#include <vector>

#include "core/result.hpp"
#include "storage/db.hpp"
#include "storage/migrations.hpp"

namespace linli::storage::internal {

// REQUIRES: versions are positive and distinct (checked: kInternal otherwise).
core::Status ApplyMigrations(Database& database, const std::vector<Migration>& migrations);

}  // namespace linli::storage::internal
