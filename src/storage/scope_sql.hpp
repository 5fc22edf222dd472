// Jurisdiction scoping, enforced in the storage layer: the SQL side of core::Scope.
// Every repository query that returns people, events or places appends ScopeClause(); a read
// of one row by its key goes through FindOneInScope.
// Thread-safety: pure functions; the finders use one connection of their own (or the caller's).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "core/scope.hpp"
#include "storage/db.hpp"
#include "storage/internal/from_row.hpp"

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

// Runs `sql`, a SELECT whose WHERE clause names one row ("SELECT ... FROM buildings WHERE
// id = ?"), restricted to the scope (" AND " + ScopeClause(scope, column)), for at most one row:
// the row when it exists inside the scope, else nullopt. Callers answer nullopt with NotFound,
// so that a row outside the caller's scope reads as one that does not exist.
// REQUIRES: as ScopeClause for column.
core::Result<std::optional<Row>> FindRowInScope(Connection& connection, std::string sql,
                                                std::vector<Value> params, const core::Scope& scope,
                                                std::string_view column);

// FindRowInScope on a connection of its own, the row made into an item by from_row (which
// returns the item or a Result of it).
template <typename FromRow>
core::Result<std::optional<internal::RowValue<FromRow>>> FindOneInScope(
    Database& database, std::string sql, std::vector<Value> params, const core::Scope& scope,
    std::string_view column, FromRow&& from_row) {
  using T = internal::RowValue<FromRow>;
  ASSIGN_OR_RETURN(ConnectionHandle connection, database.Acquire());
  ASSIGN_OR_RETURN(std::optional<Row> row,
                   FindRowInScope(*connection, std::move(sql), std::move(params), scope, column));
  if (!row) return std::optional<T>();
  core::Result<T> item = from_row(*row);
  if (!item.ok()) return std::move(item).error();
  return std::optional<T>(std::move(item).value());
}

}  // namespace linli::storage
