// Cursor pagination shared by every list: a page request (limit and an opaque cursor
// naming the last key of the previous page) and a page of results.
// Thread-safety: plain values.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace linli::core {

constexpr int kDefaultPageLimit = 50;
constexpr int kMaxPageLimit = 200;

struct PageRequest {
  int limit = kDefaultPageLimit;
  std::string after;  // decoded cursor: the sort key of the last item already seen ("" = start)
};

template <typename T>
struct Page {
  std::vector<T> items;
  std::optional<std::string> next_cursor;  // encoded; nullopt on the last page
};

// Opaque, URL-safe cursor text for a sort key (base64url, no padding) and back.
std::string EncodeCursor(std::string_view key);
Result<std::string> DecodeCursor(std::string_view cursor);

// Builds a PageRequest from raw query values; 400 with field "limit"/"cursor" when bad.
Result<PageRequest> MakePageRequest(const std::optional<std::string>& limit,
                                    const std::optional<std::string>& cursor);

}  // namespace linli::core
