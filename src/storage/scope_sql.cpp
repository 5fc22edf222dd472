#include "storage/scope_sql.hpp"

#include <algorithm>
#include <cctype>

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
  // Codes are digits, which LIKE treats literally. Anything else (never expected) has its
  // LIKE wildcards escaped, so a prefix can only ever widen to its own subtree.
  const bool plain = std::all_of(scope.prefixes.begin(), scope.prefixes.end(),
                                 [](const std::string& prefix) { return AllDigits(prefix); });
  std::string clause = "(";
  for (size_t i = 0; i < scope.prefixes.size(); ++i) {
    if (i > 0) clause += " OR ";
    clause += column;
    clause += plain ? " LIKE ?" : " LIKE ? ESCAPE '\\'";
    std::string pattern;
    for (char c : scope.prefixes[i]) {
      if (!plain && (c == '%' || c == '_' || c == '\\')) pattern.push_back('\\');
      pattern.push_back(c);
    }
    pattern.push_back('%');
    params.emplace_back(std::move(pattern));
  }
  clause += ")";
  return clause;
}

}  // namespace linli::storage
