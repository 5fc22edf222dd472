#include "core/page.hpp"

#include <charconv>

#include "core/text.hpp"

namespace linli::core {

namespace {
constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int DecodeChar(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return -1;
}
}  // namespace

std::string EncodeCursor(std::string_view key) {
  std::string out;
  out.reserve((key.size() + 2) / 3 * 4);
  size_t i = 0;
  while (i + 3 <= key.size()) {
    uint32_t n = (uint8_t(key[i]) << 16) | (uint8_t(key[i + 1]) << 8) | uint8_t(key[i + 2]);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += kAlphabet[n & 63];
    i += 3;
  }
  size_t rest = key.size() - i;
  if (rest == 1) {
    uint32_t n = uint8_t(key[i]) << 16;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
  } else if (rest == 2) {
    uint32_t n = (uint8_t(key[i]) << 16) | (uint8_t(key[i + 1]) << 8);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
  }
  return out;
}

Result<std::string> DecodeCursor(std::string_view cursor) {
  if (cursor.size() % 4 == 1 || cursor.size() > 1024) {
    return Error::InvalidArgument("分页游标无效", "cursor");
  }
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : cursor) {
    int v = DecodeChar(c);
    if (v < 0) return Error::InvalidArgument("分页游标无效", "cursor");
    buffer = (buffer << 6) | uint32_t(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += char((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

namespace {

constexpr char kKeySeparator = '\x1f';

Error BadCursor() { return Error::InvalidArgument("分页游标无效", "cursor"); }

}  // namespace

std::string EncodeIdCursor(int64_t id) { return EncodeCursor(std::to_string(id)); }

std::string EncodeTextIdCursor(const TextIdKey& key) {
  return EncodeCursor(key.text + kKeySeparator + std::to_string(key.id));
}

Result<int64_t> ParseIdKey(std::string_view after) {
  if (after.empty() || after.find_first_not_of("0123456789") != std::string_view::npos) {
    return BadCursor();
  }
  int64_t id = 0;
  auto [end, error] = std::from_chars(after.data(), after.data() + after.size(), id);
  if (error != std::errc() || end != after.data() + after.size()) return BadCursor();
  return id;
}

Result<std::string> ParseTextKey(std::string_view after) {
  if (after.find('\0') != std::string_view::npos || !IsValidUtf8(after)) return BadCursor();
  return std::string(after);
}

Result<TextIdKey> ParseTextIdKey(std::string_view after) {
  const size_t separator = after.rfind(kKeySeparator);
  if (separator == std::string_view::npos) return BadCursor();
  TextIdKey key;
  ASSIGN_OR_RETURN(key.text, ParseTextKey(after.substr(0, separator)));
  ASSIGN_OR_RETURN(key.id, ParseIdKey(after.substr(separator + 1)));
  return key;
}

Result<PageRequest> MakePageRequest(const std::optional<std::string>& limit,
                                    const std::optional<std::string>& cursor) {
  PageRequest page;
  if (limit) {
    int value = 0;
    auto [ptr, ec] = std::from_chars(limit->data(), limit->data() + limit->size(), value);
    if (ec != std::errc() || ptr != limit->data() + limit->size() || value < 1 ||
        value > kMaxPageLimit) {
      return Error::InvalidArgument("limit 必须是 1 到 200 之间的整数", "limit");
    }
    page.limit = value;
  }
  if (cursor && !cursor->empty()) {
    ASSIGN_OR_RETURN(page.after, DecodeCursor(*cursor));
  }
  return page;
}

}  // namespace linli::core
