// Text as the boundary accepts it (issue 15 item 15): one UTF-8 validator, one code-point
// count, and the rule every piece of text coming in — a JSON string, a form field, a
// spreadsheet cell — is checked by, so that every writer (JSON, XML, .xlsx) can trust what it
// writes. Refused: invalid UTF-8 (overlong forms, surrogates, past U+10FFFF, truncated), C0
// control characters and DEL (tab and line breaks only in multi-line text), the noncharacters
// U+FFFE and U+FFFF (which .xlsx cannot hold), and the bidirectional embedding, override and
// isolate controls U+202A–U+202E and U+2066–U+2069 (which make text display other than it reads).
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace linli::core {

// Well-formed UTF-8; on failure *bad_offset (when given) is the offset of the first bad byte.
bool IsValidUtf8(std::string_view bytes, size_t* bad_offset = nullptr);

// Code points of well-formed UTF-8 (continuation bytes are not counted).
size_t CodePointCount(std::string_view text);

enum class TextRule {
  kSingleLine,  // names, codes, addresses: no tab or line break
  kMultiLine,   // descriptions, notes, reasons: tab, \n and \r allowed
};

// Why the text is refused (Chinese, for the user), or nullopt when it is acceptable.
std::optional<std::string> TextProblem(std::string_view text, TextRule rule);

// kInvalidArgument "<field>：<problem>" naming the field, or Ok.
Status CheckText(std::string_view text, std::string_view field, TextRule rule);

// Text with & < > " ' as XML entities, fit for element content and attribute values (the
// Open311 XML answers, an SMS gateway's XML body).
std::string XmlEscaped(std::string_view text);

}  // namespace linli::core
