// LIKE conditions on text that users type (a name, an address, a search box), the same on
// SQLite and PostgreSQL: the text's own wildcards (% and _) and the escape character (\) are
// escaped, so that the pattern matches the text literally, and the condition names '\' as its
// escape character. SQLite runs with case_sensitive_like=ON, so both engines match
// case-sensitively (callers lower-case both sides where a search ignores case).
//   sql += " AND " + LikeClause("name", search.text, LikeMatch::kContains, params);
// Prefix conditions on place codes are written as "code LIKE ?" with "<code>%" instead: codes
// are digits, and SQLite serves that form from an index range (sqlite/sqlite_database.cpp).
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "storage/db.hpp"

namespace linli::storage {

enum class LikeMatch {
  kContains,  // "%text%"
  kPrefix,    // "text%"
};

// `text` with '%', '_' and '\' escaped by '\'.
std::string EscapeLike(std::string_view text);

// The pattern matching `text` literally, as a substring or a prefix.
std::string LikePattern(std::string_view text, LikeMatch match);

// "<column> LIKE ? ESCAPE '\'" with LikePattern(text, match) appended to params.
// REQUIRES: column is a trusted SQL expression written in code, never user input.
std::string LikeClause(std::string_view column, std::string_view text, LikeMatch match,
                       std::vector<Value>& params);

// "<column> IN (?, ?, …)" with `values` appended to params. REQUIRES: values not empty; column
// as for LikeClause.
std::string InClause(std::string_view column, const std::vector<std::string>& values,
                     std::vector<Value>& params);

}  // namespace linli::storage
