#include "storage/sql_text.hpp"

namespace linli::storage {

std::string EscapeLike(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

std::string LikePattern(std::string_view text, LikeMatch match) {
  std::string pattern = match == LikeMatch::kContains ? "%" : "";
  pattern += EscapeLike(text);
  pattern += '%';
  return pattern;
}

std::string LikeClause(std::string_view column, std::string_view text, LikeMatch match,
                       std::vector<Value>& params) {
  params.emplace_back(LikePattern(text, match));
  std::string clause(column);
  clause += " LIKE ? ESCAPE '\\'";
  return clause;
}

std::string InClause(std::string_view column, const std::vector<std::string>& values,
                     std::vector<Value>& params) {
  std::string sql = std::string(column) + " IN (";
  for (size_t i = 0; i < values.size(); ++i) {
    sql += i == 0 ? "?" : ", ?";
    params.emplace_back(values[i]);
  }
  return sql + ")";
}

}  // namespace linli::storage
