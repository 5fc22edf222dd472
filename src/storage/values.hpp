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

// A keyset cursor that is a bare id; kInvalidArgument on field "cursor" otherwise.
inline core::Result<int64_t> ParseId(std::string_view text) {
  int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 0) {
    return core::Error::InvalidArgument("分页游标无效", "cursor");
  }
  return value;
}

}  // namespace linli::storage
