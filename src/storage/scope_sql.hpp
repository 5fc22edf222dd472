// Jurisdiction scoping, enforced in the storage layer: the SQL side of core::Scope.
// Every repository query that returns people, events or places appends ScopeClause().
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/scope.hpp"
#include "storage/db.hpp"

namespace linli::storage {

// SQL fragment restricting `column` to the scope, e.g. "(c LIKE ? OR c LIKE ?)", with the
// parameters appended to params. Everything -> "1=1"; Nothing -> "1=0".
// The prefixes travel as bound parameters ("321002%"); codes are digits, so no LIKE wildcard
// can slip in (any non-digit prefix is escaped anyway). Combine with AND in parentheses:
//   "SELECT ... WHERE deleted = 0 AND " + ScopeClause(scope, "r.division_code", params)
// Indexes: a btree on the column serves these prefix LIKEs on SQLite and on PostgreSQL
// clusters with C collation (as scripts/pg-cluster.sh creates); otherwise use text_pattern_ops.
// REQUIRES: column is a trusted identifier written in code, never user input.
std::string ScopeClause(const core::Scope& scope, std::string_view column,
                        std::vector<Value>& params);

}  // namespace linli::storage
