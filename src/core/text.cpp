#include "core/text.hpp"

#include <cstdint>

namespace linli::core {

namespace {

// Decodes the code point at bytes[i] of text already known to be valid UTF-8.
uint32_t DecodeAt(std::string_view bytes, size_t& i) {
  const auto lead = static_cast<unsigned char>(bytes[i]);
  size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
  uint32_t code = length == 1   ? lead
                  : length == 2 ? (lead & 0x1F)
                  : length == 3 ? (lead & 0x0F)
                                : (lead & 0x07);
  for (size_t k = 1; k < length; ++k) code = (code << 6) | (bytes[i + k] & 0x3F);
  i += length;
  return code;
}

}  // namespace

bool IsValidUtf8(std::string_view bytes, size_t* bad_offset) {
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t size = bytes.size();
  size_t i = 0;
  auto bad = [&] {
    if (bad_offset != nullptr) *bad_offset = i;
    return false;
  };
  while (i < size) {
    const unsigned char c = data[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t length = 0;
    uint32_t code = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      length = 2;
      code = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      length = 3;
      code = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      length = 4;
      code = c & 0x07;
    } else {
      return bad();
    }
    if (i + length > size) return bad();
    for (size_t k = 1; k < length; ++k) {
      if ((data[i + k] & 0xC0) != 0x80) return bad();
      code = (code << 6) | (data[i + k] & 0x3F);
    }
    const bool overlong = (length == 3 && code < 0x800) || (length == 4 && code < 0x10000);
    if (overlong || (code >= 0xD800 && code <= 0xDFFF) || code > 0x10FFFF) return bad();
    i += length;
  }
  return true;
}

size_t CodePointCount(std::string_view text) {
  size_t count = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) ++count;
  }
  return count;
}

std::optional<std::string> TextProblem(std::string_view text, TextRule rule) {
  if (!IsValidUtf8(text)) return "不是有效的 UTF-8 文本";
  size_t i = 0;
  while (i < text.size()) {
    const uint32_t code = DecodeAt(text, i);
    if (code < 0x20 || code == 0x7F) {
      const bool line = code == '\t' || code == '\n' || code == '\r';
      if (line && rule == TextRule::kMultiLine) continue;
      return line ? "不能含有换行或制表符" : "含有控制字符";
    }
    if (code == 0xFFFE || code == 0xFFFF) return "含有非字符（U+FFFE/U+FFFF）";
    if ((code >= 0x202A && code <= 0x202E) || (code >= 0x2066 && code <= 0x2069)) {
      return "含有双向文本控制符";
    }
  }
  return std::nullopt;
}

Status CheckText(std::string_view text, std::string_view field, TextRule rule) {
  if (auto problem = TextProblem(text, rule)) {
    return Error::InvalidArgument(std::string(field) + "：" + *problem, std::string(field));
  }
  return Ok();
}

std::string XmlEscaped(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace linli::core
