// Keyset pagination, the one way repositories page a list. A list is ordered by a unique key
// (Keyset::ById, Keyset::ByText) or by a key whose ties an id breaks (Keyset::ByTextThenId); a
// page holds the rows after the cursor's key in that order. The query asks for limit + 1 rows:
// the extra row only tells that a next page exists, whose cursor names the last row kept. The
// cursors are core's (core/page.hpp); one that does not hold a key of the list's shape is
// InvalidArgument on field "cursor" (a 400), never an exception.
//   std::string sql = "SELECT ... FROM facilities WHERE " + ScopeClause(scope, "place_code",
//                     params);
//   return KeysetPage(*connection, sql, params, Keyset::ById("id"), page, FacilityFromRow,
//                     [](const Facility& f) { return f.id; });
// Lists that need more than one statement per page use the parts: AppendAfter, OrderBy, Cursor.
// Thread-safety: Keyset is a plain value; KeysetPage runs on the caller's connection.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/page.hpp"
#include "core/result.hpp"
#include "storage/db.hpp"
#include "storage/internal/from_row.hpp"

namespace linli::storage {

enum class SortOrder { kAscending, kDescending };

class Keyset {
 public:
  enum class Shape { kId, kText, kTextThenId };

  // A list ordered by a unique integer column (an id, a sequence).
  static Keyset ById(std::string column, SortOrder order = SortOrder::kAscending);
  // A list ordered by a unique text column (a code, a user name), ascending.
  static Keyset ByText(std::string column);
  // A list ordered by a text column (a name, a date), its ties broken by an integer column in
  // ascending order.
  static Keyset ByTextThenId(std::string column, SortOrder order, std::string id_column);

  // Appends " AND <the rows after the page's cursor>" and its parameters; nothing on a first
  // page. InvalidArgument on "cursor" when the cursor's key is not of this keyset's shape.
  // REQUIRES: sql ends inside a WHERE clause (or a HAVING clause).
  core::Status AppendAfter(const core::PageRequest& page, std::string& sql,
                           std::vector<Value>& params) const;
  // " ORDER BY <column>[ DESC][, <id column>]".
  std::string OrderBy() const;
  // AppendAfter, then OrderBy and " LIMIT ?" for page.limit + 1 rows.
  core::Status AppendPage(const core::PageRequest& page, std::string& sql,
                          std::vector<Value>& params) const;

  // The cursor of a page whose last row kept has this key.
  // REQUIRES: the key's type matches shape(): int64_t for kId, text for kText, TextIdKey for
  // kTextThenId.
  std::string Cursor(int64_t id) const;
  std::string Cursor(std::string_view text) const;
  std::string Cursor(const core::TextIdKey& key) const;

  Shape shape() const { return shape_; }

 private:
  Keyset(Shape shape, std::string column, SortOrder order, std::string id_column)
      : shape_(shape),
        column_(std::move(column)),
        order_(order),
        id_column_(std::move(id_column)) {}

  Shape shape_;
  std::string column_;
  SortOrder order_;
  std::string id_column_;  // kTextThenId only
};

// Runs `sql` (a SELECT with a WHERE clause, which the page's conditions extend) as one page of
// `keyset`: the rows after the cursor, in order. from_row makes an item of each row kept (a T,
// or a Result<T>); key_of gives an item's key for the next cursor (see Keyset::Cursor).
template <typename FromRow, typename KeyOf>
core::Result<core::Page<internal::RowValue<FromRow>>> KeysetPage(
    Connection& connection, std::string sql, std::vector<Value> params, const Keyset& keyset,
    const core::PageRequest& page, FromRow&& from_row, KeyOf&& key_of) {
  using T = internal::RowValue<FromRow>;
  TRY(keyset.AppendPage(page, sql, params));
  ASSIGN_OR_RETURN(QueryResult result, connection.Query(sql, params));
  const size_t kept = std::min(result.rows.size(), static_cast<size_t>(std::max(page.limit, 0)));
  core::Page<T> out;
  out.items.reserve(kept);
  for (size_t i = 0; i < kept; ++i) {
    core::Result<T> item = from_row(result.rows[i]);
    if (!item.ok()) return std::move(item).error();
    out.items.push_back(std::move(item).value());
  }
  if (kept > 0 && result.rows.size() > kept)
    out.next_cursor = keyset.Cursor(key_of(out.items.back()));
  return out;
}

// KeysetPage on a connection of its own.
template <typename FromRow, typename KeyOf>
core::Result<core::Page<internal::RowValue<FromRow>>> KeysetPage(
    Database& database, std::string sql, std::vector<Value> params, const Keyset& keyset,
    const core::PageRequest& page, FromRow&& from_row, KeyOf&& key_of) {
  ASSIGN_OR_RETURN(ConnectionHandle connection, database.Acquire());
  return KeysetPage(*connection, std::move(sql), std::move(params), keyset, page,
                    std::forward<FromRow>(from_row), std::forward<KeyOf>(key_of));
}

}  // namespace linli::storage
