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
std::string ScopeClause(const core::Scope& scope, std::string_view column,
                        std::vector<Value>& params);

}  // namespace linli::storage
