// Small helpers to read typed fields from a Boost.JSON object, each error naming the JSON path
// of the field (kValidationFailed, Chinese message). For reference data read by the domain
// (the catalogue, routing rules, escalation policy); HTTP bodies use http/json_body.hpp.
// Thread-safety: pure functions.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace linli::core::json {

core::Result<boost::json::value> ParseJson(std::string_view text, std::string_view what);

// A required (or optional: "" when missing) string.
core::Result<std::string> ReadString(const boost::json::object& object, std::string_view key,
                                     const std::string& path, bool required);
// An array of strings ([] when missing and not required).
core::Result<std::vector<std::string>> ReadStringArray(const boost::json::object& object,
                                                       std::string_view key,
                                                       const std::string& path, bool required);
core::Result<int64_t> ReadInteger(const boost::json::object& object, std::string_view key,
                                  const std::string& path, bool required, int64_t fallback);
core::Result<bool> ReadBool(const boost::json::object& object, std::string_view key,
                            const std::string& path, bool required, bool fallback);

std::string JoinPath(const std::string& base, std::string_view key);

}  // namespace linli::core::json
