// Life-circle coverage, both ways planners count it: the share of the served residents (a
// circle's group: everyone, 60+, 0–14, 0–3 — passed as a per-building weight) and the share of
// residential buildings whose walking distance to the nearest facility is within the circle;
// per community, rolled up to town, county and the city, plus the uncovered buildings for gap
// analysis. Incremental updates replace one community's counts and adjust its ancestors.
// Thread-safety: pure functions over plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "core/result.hpp"
#include "engines/accessibility/circles.hpp"

namespace linli::accessibility {

// Divisions as dense indices supplied by the caller: community → town → county → the city.
struct DivisionHierarchy {
  std::vector<int32_t> town_of_community;
  std::vector<int32_t> county_of_town;
  int32_t county_count = 0;
};

struct CoverageCounts {
  uint64_t served_residents = 0;
  uint64_t covered_residents = 0;
  uint32_t residential_buildings = 0;
  uint32_t covered_buildings = 0;

  // nullopt when there is nobody (no building) to serve.
  std::optional<double> ResidentShare() const;
  std::optional<double> BuildingShare() const;
  CoverageCounts& operator+=(const CoverageCounts& other);
  CoverageCounts& operator-=(const CoverageCounts& other);
  bool operator==(const CoverageCounts&) const = default;
};

// Per building (same order as the circle's targets).
struct BuildingTable {
  std::span<const int32_t> community;    // community index of each building
  std::span<const uint8_t> residential;  // non-zero for a residential building
};

struct CoverageReport {
  std::vector<CoverageCounts> communities;
  std::vector<CoverageCounts> towns;
  std::vector<CoverageCounts> counties;
  CoverageCounts city;
  bool straight_line_fallback = false;  // copied from the distances
};

// Sizes and indices are checked (kInvalidArgument, Chinese messages).
core::Result<CoverageReport> ComputeCoverage(const DivisionHierarchy& divisions,
                                             BuildingTable buildings,
                                             std::span<const uint32_t> served_residents,
                                             const TargetDistances& distances);

// Counts over a subset of buildings (e.g. one community's, in the order of its distances).
// REQUIRES: the three spans have the same size (also for ListUncovered).
CoverageCounts CountCoverage(std::span<const uint8_t> residential,
                             std::span<const uint32_t> served_residents,
                             std::span<const uint32_t> distances);

// Replaces one community's counts and adjusts its town, county and the city by the difference.
core::Status ReplaceCommunity(const DivisionHierarchy& divisions, int32_t community,
                              const CoverageCounts& counts, CoverageReport& report);

struct UncoveredBuilding {
  int32_t building = 0;           // index into the building table
  uint32_t served_residents = 0;  // the served group living there (may be 0)
};

// Residential buildings beyond the circle, in building order (for the gap list and GeoJSON).
std::vector<UncoveredBuilding> ListUncovered(std::span<const uint8_t> residential,
                                             std::span<const uint32_t> served_residents,
                                             std::span<const uint32_t> distances);

}  // namespace linli::accessibility
