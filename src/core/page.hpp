// Cursor pagination shared by every list: a page request (limit and an opaque cursor
// naming the last key of the previous page) and a page of results.
// Thread-safety: plain values.
#pragma once

#include <cstdint>
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

// The sort key a cursor names, in the three shapes that lists are paged by (storage/keyset.hpp):
// a unique integer (an id, a sequence) as its decimal digits, a unique text (a code, a user
// name) as itself, or a text with the id that breaks its ties as "<text>\x1f<id>". The
// Encode*Cursor functions make the opaque next_cursor of a page; the Parse*Key functions read
// PageRequest::after and answer InvalidArgument on field "cursor" when it does not hold a key of
// that shape (a forged cursor, or one from another list), as DecodeCursor does for bad base64.
struct TextIdKey {
  std::string text;
  int64_t id = 0;
};
std::string EncodeIdCursor(int64_t id);
std::string EncodeTextIdCursor(const TextIdKey& key);
Result<int64_t> ParseIdKey(std::string_view after);        // decimal digits only
Result<std::string> ParseTextKey(std::string_view after);  // UTF-8 without NUL
Result<TextIdKey> ParseTextIdKey(std::string_view after);

// Builds a PageRequest from raw query values; 400 with field "limit"/"cursor" when bad.
Result<PageRequest> MakePageRequest(const std::optional<std::string>& limit,
                                    const std::optional<std::string>& cursor);

}  // namespace linli::core
