// Typed readers of a request's query parameters, each error a 400 naming the parameter:
// absent or empty → nullopt (or false).
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/enum_names.hpp"
#include "core/result.hpp"
#include "http/handler.hpp"

namespace linli::http {

// One of an enum's wire names.
template <typename Enum, size_t N>
core::Result<std::optional<Enum>> EnumQuery(const Request& request, const char* name,
                                            const core::EnumNames<Enum, N>& names) {
  const std::string text = request.Query(name).value_or("");
  if (text.empty()) return std::optional<Enum>();
  const auto parsed = names.From(text);
  if (!parsed) return core::Error::InvalidArgument(std::string(name) + " 取值无效：" + text, name);
  return std::optional<Enum>(*parsed);
}

// A record's id: 1–18 decimal digits.
core::Result<std::optional<int64_t>> IdQuery(const Request& request, const char* name);

// "true" or "false".
core::Result<bool> FlagQuery(const Request& request, const char* name);

}  // namespace linli::http
