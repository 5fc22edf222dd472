// Functional zones (功能区): development areas administered like a county-level unit, grouped by
// configuration rather than by the national code tree.
//
// File format (data/functional_zones.json): an object keyed by 4-digit city code; each value is
// a list of zones, each with its name and the county-level codes it groups:
//   {"3210": [{"name": "扬州经济技术开发区", "counties": ["321071"]}]}
// A county-level unit listed in a zone gets kind functional_zone and functional_zone = the
// zone's name. Keys starting with "_" are comments and ignored.
// Thread-safety: plain values and pure functions.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace linli::divisions {

struct FunctionalZone {
  std::string name;
  std::vector<std::string> county_codes;
};

struct FunctionalZoneConfig {
  std::map<std::string, std::vector<FunctionalZone>> zones_by_city;

  // The name of the zone that lists county_code, or "".
  std::string ZoneOf(std::string_view county_code) const;
};

// Parses the JSON text; invalid_argument naming the problem when it does not match the format.
core::Result<FunctionalZoneConfig> ParseFunctionalZones(std::string_view json_text);
// Reads and parses a file; a missing file is an invalid_argument error.
core::Result<FunctionalZoneConfig> LoadFunctionalZones(const std::filesystem::path& path);

}  // namespace linli::divisions
