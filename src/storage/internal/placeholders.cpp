#include "storage/internal/placeholders.hpp"

#include <cctype>

namespace linli::storage::internal {
namespace {

bool IsIdentifierChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

// At sql[i] == '$': returns the length of a dollar-quote tag ("$$" or "$tag$"), or 0.
size_t DollarTagLength(std::string_view sql, size_t i) {
  // "$1" is a positional parameter, not a tag; a tag cannot start with a digit.
  if (i > 0 && IsIdentifierChar(sql[i - 1])) return 0;  // part of an identifier like a$b
  size_t j = i + 1;
  if (j < sql.size() && std::isdigit(static_cast<unsigned char>(sql[j]))) return 0;
  while (j < sql.size() && IsIdentifierChar(sql[j]) && sql[j] != '$') ++j;
  if (j < sql.size() && sql[j] == '$') return j - i + 1;
  return 0;
}

}  // namespace

RewrittenSql RewritePlaceholders(std::string_view sql) {
  RewrittenSql out;
  out.sql.reserve(sql.size() + 16);
  size_t i = 0;
  const size_t n = sql.size();
  while (i < n) {
    const char c = sql[i];
    if (c == '\'' || c == '"') {
      // Quoted string or identifier; a doubled quote is an escaped quote.
      size_t j = i + 1;
      while (j < n) {
        if (sql[j] == c) {
          if (j + 1 < n && sql[j + 1] == c) {
            j += 2;
            continue;
          }
          break;
        }
        ++j;
      }
      size_t end = j < n ? j + 1 : n;
      out.sql.append(sql.substr(i, end - i));
      i = end;
    } else if (c == '-' && i + 1 < n && sql[i + 1] == '-') {
      size_t end = sql.find('\n', i);
      end = end == std::string_view::npos ? n : end;
      out.sql.append(sql.substr(i, end - i));
      i = end;
    } else if (c == '/' && i + 1 < n && sql[i + 1] == '*') {
      // PostgreSQL block comments nest.
      size_t j = i + 2;
      int depth = 1;
      while (j < n && depth > 0) {
        if (sql[j] == '/' && j + 1 < n && sql[j + 1] == '*') {
          ++depth;
          j += 2;
        } else if (sql[j] == '*' && j + 1 < n && sql[j + 1] == '/') {
          --depth;
          j += 2;
        } else {
          ++j;
        }
      }
      out.sql.append(sql.substr(i, j - i));
      i = j;
    } else if (c == '$' && DollarTagLength(sql, i) > 0) {
      const size_t tag_length = DollarTagLength(sql, i);
      const std::string_view tag = sql.substr(i, tag_length);
      size_t close = sql.find(tag, i + tag_length);
      size_t end = close == std::string_view::npos ? n : close + tag_length;
      out.sql.append(sql.substr(i, end - i));
      i = end;
    } else if (c == '?') {
      ++out.parameter_count;
      out.sql.push_back('$');
      out.sql.append(std::to_string(out.parameter_count));
      ++i;
    } else {
      out.sql.push_back(c);
      ++i;
    }
  }
  return out;
}

}  // namespace linli::storage::internal
