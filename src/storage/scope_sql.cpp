#include "storage/scope_sql.hpp"

#include <algorithm>
#include <cctype>

#include "storage/sql_text.hpp"

namespace linli::storage {
namespace {

bool AllDigits(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
}

}  // namespace

std::string ScopeClause(const core::Scope& scope, std::string_view column,
                        std::vector<Value>& params) {
  if (scope.all) return "1=1";
  if (scope.prefixes.empty()) return "1=0";
  // Codes are digits, which LIKE treats literally; their plain "col LIKE ?" form is what SQLite
  // serves from an index range. Anything else (never expected) has its LIKE wildcards escaped,
  // so a prefix can only ever widen to its own subtree.
  const bool plain = std::all_of(scope.prefixes.begin(), scope.prefixes.end(),
                                 [](const std::string& prefix) { return AllDigits(prefix); });
  std::string clause = "(";
  for (size_t i = 0; i < scope.prefixes.size(); ++i) {
    if (i > 0) clause += " OR ";
    if (plain) {
      clause += column;
      clause += " LIKE ?";
      params.emplace_back(scope.prefixes[i] + "%");
    } else {
      clause += LikeClause(column, scope.prefixes[i], LikeMatch::kPrefix, params);
    }
  }
  clause += ")";
  return clause;
}

core::Result<std::optional<Row>> FindRowInScope(Connection& connection, std::string sql,
                                                std::vector<Value> params, const core::Scope& scope,
                                                std::string_view column) {
  sql += " AND " + ScopeClause(scope, column, params) + " LIMIT 1";
  ASSIGN_OR_RETURN(QueryResult result, connection.Query(sql, params));
  if (result.rows.empty()) return std::optional<Row>();
  return std::optional<Row>(std::move(result.rows.front()));
}

}  // namespace linli::storage
