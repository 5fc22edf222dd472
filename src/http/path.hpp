// Request-target decoding shared by the router, the static file server and the fuzz target.
//
// DecodePath splits the path part of a request target into percent-decoded segments and
// rejects what no legitimate client sends: "." or ".." segments, NUL bytes, encoded '/' or
// '\\', malformed percent escapes and invalid UTF-8 (all invalid_argument, 400). Empty
// segments ("//", a trailing '/') are dropped. ParseQuery decodes a query string ('+' is a
// space) into name/value pairs with limits on count and length.
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/text.hpp"

namespace linli::http {

inline constexpr std::size_t kMaxQueryParameters = 100;
inline constexpr std::size_t kMaxQueryLength = 8192;  // raw bytes after '?'

// "/api/v1/divisions/%E4%B8%9C" -> {"api","v1","divisions","东"}.
// REQUIRES: raw_path has no query part (split at '?' first).
core::Result<std::vector<std::string>> DecodePath(std::string_view raw_path);

// Joins decoded segments back into "/a/b" ("/" for none).
std::string JoinPath(const std::vector<std::string>& segments);

// "q=%E4%B8%9C&level=town&x" -> {{"q","东"},{"level","town"},{"x",""}}.
// Errors name the offending parameter in Error::field.
core::Result<std::multimap<std::string, std::string>> ParseQuery(std::string_view raw_query);

using core::IsValidUtf8;  // core/text.hpp

}  // namespace linli::http
