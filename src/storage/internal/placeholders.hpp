// Rewrites `?` placeholders to PostgreSQL's $1..$n, leaving alone every `?` inside a
// single-quoted string ('it''s ?'), a double-quoted identifier ("what?"), a dollar-quoted
// string ($$?$$, $tag$?$tag$), a line comment (-- ?) or a block comment (/* ? */, nested).
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace linli::storage::internal {

struct RewrittenSql {
  std::string sql;
  int parameter_count = 0;
};

RewrittenSql RewritePlaceholders(std::string_view sql);

}  // namespace linli::storage::internal
