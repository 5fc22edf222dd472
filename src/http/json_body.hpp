// Parsing JSON request bodies into typed values with clear, field-named errors.
// Malformed JSON or a wrong type is invalid_argument (400); handlers add semantic checks.
// Thread-safety: pure functions.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/page.hpp"
#include "core/result.hpp"

namespace linli::http {

// Parses a body that must be one JSON object (max depth 32).
core::Result<boost::json::object> ParseJsonObject(std::string_view body);

// Field readers: absent (or null) -> nullopt; present with the wrong type -> 400 naming the field.
core::Result<std::optional<std::string>> OptionalString(const boost::json::object& object,
                                                        std::string_view field);
core::Result<std::optional<int64_t>> OptionalInt(const boost::json::object& object,
                                                 std::string_view field);
core::Result<std::optional<bool>> OptionalBool(const boost::json::object& object,
                                               std::string_view field);
// A number (integer or decimal).
core::Result<std::optional<double>> OptionalNumber(const boost::json::object& object,
                                                   std::string_view field);
// Required variants: absent -> 400 "缺少字段 <field>".
core::Result<std::string> RequiredString(const boost::json::object& object, std::string_view field);
core::Result<int64_t> RequiredInt(const boost::json::object& object, std::string_view field);
core::Result<double> RequiredNumber(const boost::json::object& object, std::string_view field);

// Writers of nullable fields: an absent value, or an empty text, is JSON null.
template <typename T>
boost::json::value OrNull(const std::optional<T>& value) {
  return value ? boost::json::value(*value) : boost::json::value(nullptr);
}
boost::json::value TextOrNull(std::string_view text);

// JSON for a page: {"items":[...],"next_cursor":...}.
template <typename T, typename ToJson>
boost::json::object PageJson(const core::Page<T>& page, ToJson to_json) {
  boost::json::array items;
  items.reserve(page.items.size());
  for (const auto& item : page.items) items.push_back(to_json(item));
  boost::json::object out;
  out["items"] = std::move(items);
  if (page.next_cursor) {
    out["next_cursor"] = *page.next_cursor;
  } else {
    out["next_cursor"] = nullptr;
  }
  return out;
}

}  // namespace linli::http
