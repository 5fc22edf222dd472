// Small conversions between domain values and storage::Value / Row cells shared by the
// repositories: optional fields to NULL and back, and an id cursor parsed from page text.
// Thread-safety: pure functions.
#pragma once

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "storage/db.hpp"

namespace linli::storage {

inline Value OptionalText(const std::optional<std::string>& text) {
  return text ? Value(*text) : Value(Null{});
}
inline Value OptionalInt(const std::optional<int64_t>& value) {
  return value ? Value(*value) : Value(Null{});
}
inline std::optional<std::string> TextOrNullopt(const Row& row, size_t i) {
  if (row.IsNull(i)) return std::nullopt;
  return row.Text(i);
}
inline std::optional<int64_t> IntOrNullopt(const Row& row, size_t i) {
  if (row.IsNull(i)) return std::nullopt;
  return row.Int(i);
}

}  // namespace linli::storage
