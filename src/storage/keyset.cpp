#include "storage/keyset.hpp"

#include <cassert>

namespace linli::storage {

Keyset Keyset::ById(std::string column, SortOrder order) {
  return Keyset(Shape::kId, std::move(column), order, "");
}

Keyset Keyset::ByText(std::string column) {
  return Keyset(Shape::kText, std::move(column), SortOrder::kAscending, "");
}

Keyset Keyset::ByTextThenId(std::string column, SortOrder order, std::string id_column) {
  return Keyset(Shape::kTextThenId, std::move(column), order, std::move(id_column));
}

core::Status Keyset::AppendAfter(const core::PageRequest& page, std::string& sql,
                                 std::vector<Value>& params) const {
  if (page.after.empty()) return core::Ok();
  const char* after = order_ == SortOrder::kDescending ? " < ?" : " > ?";
  switch (shape_) {
    case Shape::kId: {
      ASSIGN_OR_RETURN(int64_t id, core::ParseIdKey(page.after));
      sql += " AND " + column_ + after;
      params.emplace_back(id);
      break;
    }
    case Shape::kText: {
      ASSIGN_OR_RETURN(std::string text, core::ParseTextKey(page.after));
      sql += " AND " + column_ + after;
      params.emplace_back(std::move(text));
      break;
    }
    case Shape::kTextThenId: {
      ASSIGN_OR_RETURN(core::TextIdKey key, core::ParseTextIdKey(page.after));
      sql += " AND (" + column_ + after + " OR (" + column_ + " = ? AND " + id_column_ + " > ?))";
      params.emplace_back(key.text);
      params.emplace_back(std::move(key.text));
      params.emplace_back(key.id);
      break;
    }
  }
  return core::Ok();
}

std::string Keyset::OrderBy() const {
  std::string order = " ORDER BY " + column_;
  if (order_ == SortOrder::kDescending) order += " DESC";
  if (shape_ == Shape::kTextThenId) order += ", " + id_column_;
  return order;
}

core::Status Keyset::AppendPage(const core::PageRequest& page, std::string& sql,
                                std::vector<Value>& params) const {
  TRY(AppendAfter(page, sql, params));
  sql += OrderBy() + " LIMIT ?";
  params.emplace_back(int64_t{page.limit} + 1);
  return core::Ok();
}

std::string Keyset::Cursor(int64_t id) const {
  assert(shape_ == Shape::kId);
  return core::EncodeIdCursor(id);
}

std::string Keyset::Cursor(std::string_view text) const {
  assert(shape_ == Shape::kText);
  return core::EncodeCursor(text);
}

std::string Keyset::Cursor(const core::TextIdKey& key) const {
  assert(shape_ == Shape::kTextThenId);
  return core::EncodeTextIdCursor(key);
}

}  // namespace linli::storage
